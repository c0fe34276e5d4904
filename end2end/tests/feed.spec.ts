import { test, expect } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { DEMO_PASSWORD, hydrated, login, pushActivities, teacherClass } from './helpers';

// The parent committee's feed: t101 shares a class meeting with a photo the phone made (a real
// JPEG from the browser's canvas, named by its SHA-256); the class's 家委会 member finds it under
// 活动 at 360 px, sees the photo and a count instead of names, and leaves 已阅 with a note;
// another class's member sees neither the activity nor its photo.

test('a parent-committee member reads a shared activity and acknowledges it', async ({ browser }) => {
  const teacher = await browser.newContext();
  const phone = await teacher.newPage();
  await login(phone, 't101');
  const photo: string = await phone.evaluate(async () => {
    const canvas = document.createElement('canvas');
    [canvas.width, canvas.height] = [640, 480];
    const g = canvas.getContext('2d')!;
    g.fillStyle = '#2a7'; g.fillRect(0, 0, 640, 480);
    g.fillStyle = '#fff'; g.fillRect(80, 80, 200, 120);
    const blob: Blob = await new Promise((done) => canvas.toBlob((b) => done(b!), 'image/jpeg', 0.8));
    const bytes = await blob.arrayBuffer();
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    const id = [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
    const put = await fetch(`/api/photos/${id}`, { method: 'PUT', body: bytes, headers: { 'content-type': 'image/jpeg' } });
    if (put.status !== 201 && put.status !== 200) throw new Error(`upload ${put.status}`);
    return id;
  });

  // A teacher's phone pulls the students of their own class only.
  const { client_id, classId, changes } = await teacherClass(teacher);
  const students = changes.filter((c) => c.table === 'student' && c.fields.class_id === classId);
  const named = students.slice(0, 3);
  const title = `感恩主题班会-${randomUUID().slice(0, 6)}`;
  const activityId = randomUUID();
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  await pushActivities(teacher, client_id, classId, [{
    id: activityId,
    fields: {
      title, kind: 'themed_meeting', date: today, minutes: 40, place: '教室', domains: ['moral'],
      participants: { type: 'named', value: named.map((s) => s.id) },
      summary: '同学们讲述了家人的付出', photos: [{ id: photo, students: [] }], shared: true,
    },
  }]);

  const parent = await browser.newContext();
  const page = await parent.newPage();
  await login(page, 'jiawei101');
  await page.getByRole('navigation').getByRole('link', { name: '活动' }).click();
  await expect(page).toHaveURL(/\/feed$/);
  const card = page.getByRole('listitem', { name: title });
  await expect(card).toBeVisible();
  await expect(card).toContainText('3 人参与');
  await expect(card).toContainText('主题班会');
  const text = await page.locator('main').innerText();
  for (const s of named) expect(text).not.toContain(s.fields.name);

  const thumb = card.getByRole('img', { name: '第 1 张照片' });
  await expect(thumb).toBeVisible();
  await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  const box = await card.getByRole('link').first().boundingBox();
  expect(box!.width).toBeGreaterThanOrEqual(44);

  // 已阅 is sent by the page's code: wait for it to run.
  await hydrated(page);
  await card.getByLabel(/给班主任的留言/).fill('孩子回家讲了这次班会');
  await card.getByRole('button', { name: '已阅' }).click();
  await expect(card.getByRole('status')).toHaveText('已阅：孩子回家讲了这次班会');
  await page.reload();
  await expect(page.getByRole('listitem', { name: title }).getByRole('status')).toHaveText('已阅：孩子回家讲了这次班会');
  await parent.close();

  // A member of another class's committee, invited by the admin, sees neither it nor its photo.
  const admin = await browser.newContext();
  const json = { Accept: 'application/json' };
  await admin.request.post('/api/fn/login', { form: { username: 'admin', password: DEMO_PASSWORD }, headers: json });
  const home = await (await admin.request.post('/api/fn/get_home', { headers: json })).json();
  const otherClass = home.grades.flatMap((g: any) => g.classes).find((c: any) => c.id !== classId);
  const invite = await admin.request.post('/api/fn/create_invite', {
    headers: json,
    form: {
      'invite[display_name]': '另一班家委', 'invite[role]': 'parent', 'invite[scope_kind]': 'class',
      'invite[scope_id]': otherClass.id, 'invite[sensitive]': 'false', 'invite[title]': '',
    },
  });
  expect(invite.status()).toBe(200);
  const { code } = await invite.json();
  await admin.close();
  const outsider = await browser.newContext();
  const accepted = await outsider.request.post('/api/fn/accept_invite', {
    headers: json,
    form: { code, username: `jw-${randomUUID().slice(0, 8)}`, password: 'long-enough-1' },
  });
  expect(accepted.status()).toBe(200);
  const elsewhere = await outsider.newPage();
  await elsewhere.goto('/feed');
  await expect(elsewhere.getByRole('heading', { level: 1 })).toHaveText('班级活动');
  await expect(elsewhere.locator('main')).not.toContainText(title);
  expect((await outsider.request.get(`/api/photos/${photo}/thumb`)).status()).toBe(404);
  await outsider.close();

  // The class's teacher sees who read it, with the note, under the activity.
  await phone.goto(`/activities/${activityId}`);
  const read = phone.getByRole('region', { name: '家委会已阅' });
  await expect(read).toContainText('郑丽华：孩子回家讲了这次班会', { timeout: 20_000 });
  await teacher.close();
});
