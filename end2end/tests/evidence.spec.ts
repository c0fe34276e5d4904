import { test, expect, type Browser, type Page } from '@playwright/test';
import { login, hydrated, pending } from './helpers';
import { CAMERA_SECRETS, cameraJpeg } from './photos';

// 证据照片: the duty teacher, without signal, photographs a dirty 包干区 of 初二(2)班 with the
// deduction. The photo is kept and shown on the phone at once and after a reload offline; back
// online it uploads, and the class's teacher sees it on the entry they may appeal. Parents never
// get it. Only this journey records for 初二(2)班.

const DUTY_ITEM = /包干区不洁/;
const CLASS = '初二(2)班';

async function signedIn(browser: Browser, username: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await login(page, username);
  return page;
}

/** Whether the image has loaded a picture (not a broken link). */
function loaded(img: ReturnType<Page['locator']>) {
  return img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0);
}

test('a duty deduction with an evidence photo taken offline reaches the class teacher, not parents', async ({ browser }) => {
  const duty = await signedIn(browser, 'zhizhou');
  const puts: string[] = [];
  duty.on('request', (r) => { if (r.method() === 'PUT' && r.url().includes('/api/photos/')) puts.push(r.url()); });
  await duty.goto('/today');
  await hydrated(duty);
  await duty.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
  await expect(pending(duty)).toHaveText('待同步 0 条', { timeout: 20_000 });
  const photo = await cameraJpeg(duty, 1600, 1200, 5);

  await duty.context().setOffline(true);
  await expect(duty.getByRole('status').filter({ hasText: '离线' })).toBeVisible();
  await duty.getByRole('button', { name: CLASS, exact: true }).click();
  await expect(duty.getByRole('button', { name: CLASS, exact: true })).toHaveAttribute('aria-pressed', 'true');
  await duty.getByRole('button', { name: DUTY_ITEM }).click();
  const form = duty.locator('#entry-form');
  await form.getByText('证据照片（可选）').click();
  await form.locator('#evidence-gallery').setInputFiles([{ name: 'IMG_0042.jpg', mimeType: 'image/jpeg', buffer: photo }]);
  await expect(form.locator('li.photo .photo-state')).toHaveText('保存后上传', { timeout: 20_000 });
  await expect(form.getByRole('group', { name: /照片（1\/1）/ })).toBeVisible();
  await form.getByRole('button', { name: '保存', exact: true }).click();
  await expect(duty.locator('[data-saved="true"]')).toHaveText('已保存到本机');

  // On the entry's line at once, from the phone's copy; and again after a reload, still offline.
  const line = duty.locator('li.entry').filter({ hasText: DUTY_ITEM }).filter({ has: duty.locator('.photo-thumb') });
  await expect(line).toHaveCount(1);
  await expect.poll(() => loaded(line.locator('.photo-thumb img'))).toBe(true);
  await duty.reload();
  await hydrated(duty);
  await duty.getByRole('button', { name: CLASS, exact: true }).click();
  await expect(line).toHaveCount(1, { timeout: 20_000 });
  await expect.poll(() => loaded(line.locator('.photo-thumb img'))).toBe(true);
  expect(puts).toHaveLength(0);

  await duty.context().setOffline(false);
  await duty.getByRole('button', { name: '同步' }).click();
  await expect(pending(duty)).toHaveText('待同步 0 条', { timeout: 20_000 });
  await expect.poll(() => puts.length, { timeout: 20_000 }).toBe(1);
  const href = await line.locator('a.photo-thumb').getAttribute('href');
  expect(href).toMatch(/^\/api\/photos\/[0-9a-f]{64}$/);

  // The class's teacher sees it on the entry, from the server; the bytes carry no EXIF.
  const teacher = await signedIn(browser, 't202');
  await teacher.goto('/entries');
  await hydrated(teacher);
  const theirs = teacher.locator('li.entry').filter({ hasText: DUTY_ITEM }).filter({ has: teacher.locator('.photo-thumb') });
  await expect(theirs).toHaveCount(1, { timeout: 20_000 });
  await expect.poll(() => loaded(theirs.locator('.photo-thumb img')), { timeout: 20_000 }).toBe(true);
  const full = await teacher.context().request.get(href!);
  expect(full.status()).toBe(200);
  expect(full.headers()['cache-control']).toContain('private');
  const bytes = (await full.body()).toString('latin1');
  for (const secret of CAMERA_SECRETS) expect(bytes).not.toContain(secret);

  // A parent-committee member, and another class's teacher, get nothing.
  for (const other of ['jiawei101', 't101']) {
    const page = await signedIn(browser, other);
    expect((await page.context().request.get(`${href}/thumb`)).status(), other).toBe(404);
  }
});
