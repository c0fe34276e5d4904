import { test, expect, type APIRequestContext } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { login, hydrated, DEMO_PASSWORD } from './helpers';

// A record the server refuses after the phone saved it offline: the phone says so in
// Chinese, keeps it to read, and the server holds nothing of it. Here the admin deactivates
// the item while a teacher is logging it without signal.

/** Calls a server function as JSON. */
async function call(request: APIRequestContext, name: string, form: Record<string, string> = {}) {
  const response = await request.post(`/api/fn/${name}`, { form, headers: { Accept: 'application/json' } });
  expect(response.status(), `${name}: ${await response.text()}`).toBe(200);
  return response.json();
}

function item(name: string, active: boolean, id?: string): Record<string, string> {
  const form: Record<string, string> = {
    'item[category]': '卫生',
    'item[name]': name,
    'item[points]': '-1',
    'item[level]': 'class',
    'item[slots]': '全天',
    'item[recorder]': 'both',
    'item[active]': String(active),
  };
  if (id) form['item[id]'] = id;
  return form;
}

test('an entry refused by the server is shown in Chinese and kept to read', async ({ browser, playwright }) => {
  const staff = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  await call(staff, 'login', { username: 'admin', password: DEMO_PASSWORD });
  const name = `临时项目${randomUUID().slice(0, 6)}`;
  await call(staff, 'save_check_item', item(name, true));

  const page = await (await browser.newContext()).newPage();
  await login(page, 't304');
  await page.goto('/today');
  await hydrated(page);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
  const button = page.getByRole('button', { name: new RegExp(name) });
  await expect(button).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('.syncline .pending')).toHaveText('待同步 0 条');

  await page.context().setOffline(true);
  await button.click();
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.locator('[data-saved="true"]')).toHaveText('已保存到本机');
  const scheme = await call(staff, 'get_scheme');
  const id = scheme.items.find((i: { name: string }) => i.name === name).id;
  await call(staff, 'save_check_item', item(name, false, id));

  await page.context().setOffline(false);
  await expect(page.locator('.syncline .pending')).toHaveText('待同步 0 条', { timeout: 20_000 });
  const alert = page.getByRole('alert').filter({ hasText: '1 条记录未被接受，点此查看' });
  await expect(alert).toBeVisible();
  await expect(page.locator('li.entry').filter({ hasText: name })).toHaveCount(0);
  await alert.getByRole('link').click();
  await expect(page.getByRole('heading', { name: '未被接受的记录' })).toBeVisible();
  const refused = page.locator('li.entry.rejected').filter({ hasText: name });
  await expect(refused).toContainText('这个检查项目已停用');
  await refused.getByRole('button', { name: '知道了，删除' }).click();
  await expect(page.locator('li.entry.rejected')).toHaveCount(0);
  await expect(alert).toHaveCount(0);
  await staff.dispose();
});
