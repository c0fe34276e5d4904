import { test, expect } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { login } from './helpers';

// 德育处 looks across the school's activities at 360 px: 全校活动 from home, filtered to one
// class's volunteering (a plain form, so the filters stay in the address), and a tap opens
// the record.

test('staff filter the school\'s activities by class and kind and open one', async ({ browser }) => {
  const teacher = await browser.newContext();
  const phone = await teacher.newPage();
  await login(phone, 't103');
  const client_id = randomUUID();
  const pulled = await teacher.request.post('/api/sync/v1/pull', { data: { client_id, cursors: {}, limit: 5000 } });
  const classId = (await pulled.json()).changes.find((c: any) => c.table === 'student')!.fields.class_id;
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  const tag = randomUUID().slice(0, 6);
  const made = [['volunteering', `敬老院志愿服务-${tag}`], ['themed_meeting', `感恩班会-${tag}`]].map(([kind, title]) => ({
    id: randomUUID(), kind, title,
  }));
  const pushed = await teacher.request.post('/api/sync/v1/push', {
    data: {
      client_id,
      mutations: made.map((a, n) => ({
        seq: n + 1, op: 'create', table: 'activity', id: a.id, client_recorded_at: new Date().toISOString(),
        fields: { class_id: classId, activity: { title: a.title, kind: a.kind, date: today, participants: { type: 'whole_class' } } },
      })),
    },
  });
  expect((await pushed.json()).results.map((r: any) => r.status)).toEqual(['applied', 'applied']);
  await teacher.close();

  const staff = await browser.newContext();
  const page = await staff.newPage();
  await login(page, 'deyu');
  await page.getByRole('link', { name: '全校活动' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('全校活动');
  await expect(page.getByRole('link', { name: new RegExp(made[1].title) })).toBeVisible();
  await page.getByLabel('班级').selectOption({ label: '初一(3)班' });
  await page.getByLabel('活动类型').selectOption({ label: '志愿服务' });
  await page.getByRole('button', { name: '筛选' }).click();
  await expect(page).toHaveURL(/kind=volunteering/);
  await expect(page).toHaveURL(new RegExp(`class=${classId}`));
  const line = page.getByRole('link', { name: new RegExp(made[0].title) });
  await expect(line).toContainText('初一(3)班');
  await expect(page.getByRole('link', { name: new RegExp(made[1].title) })).toHaveCount(0);
  await expect(page.getByLabel('活动类型')).toHaveValue('volunteering');
  await line.click();
  await expect(page).toHaveURL(`/activities/${made[0].id}`);
  await staff.close();
});
