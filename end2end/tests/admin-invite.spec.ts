import { test, expect } from '@playwright/test';
import { login, hydrated } from './helpers';

test('the admin invites a deputy teacher who accepts on their own phone', async ({ page, browser }) => {
  await login(page, 'admin');
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '账号' }).click();
  await expect(page.getByRole('heading', { name: '邀请新用户' })).toBeVisible();
  await hydrated(page);
  await page.getByLabel('姓名').fill('唐副班');
  await page.getByLabel('角色').selectOption({ label: '班主任' });
  await page.getByLabel('范围').selectOption({ label: '初二(3)班' });
  await page.getByLabel('职务（可选）').fill('副班主任');
  await page.getByRole('button', { name: '生成邀请码' }).click();
  const link = page.getByRole('status').getByRole('link');
  await expect(link).toHaveText(/\/invite\/[A-Z2-9]{10}$/);
  const url = (await link.textContent())!;

  const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN' });
  const invitee = await phone.newPage();
  await invitee.goto(url);
  await expect(invitee.getByText('唐副班：示范中学 初二(3)班 班主任')).toBeVisible();
  await hydrated(invitee);
  await invitee.getByLabel('设置登录账号').fill('tang');
  await invitee.getByLabel('设置密码（至少 8 位）').fill('tang-password');
  await invitee.getByRole('button', { name: '完成并登录' }).click();
  await invitee.waitForURL('/');
  await expect(invitee.getByRole('link', { name: /初二\(3\)班/ })).toBeVisible();
  await invitee.goto(url);
  await expect(invitee.getByRole('alert')).toHaveText('邀请码无效或已过期，请联系学校管理员');
  await phone.close();

  await page.reload();
  await expect(page.locator('ul.list li', { hasText: '唐副班' })).toContainText('初二(3)班 班主任');
});

test('the admin adds a class to a grade', async ({ page }) => {
  await login(page, 'admin');
  await page.goto('/admin');
  await hydrated(page);
  await page.getByLabel('所属年级').selectOption({ label: '初二' });
  await page.getByLabel('新建班级').fill('初二（５）班');
  await page.getByRole('button', { name: '保存' }).first().click();
  const grade = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '初二', exact: true }) });
  await expect(grade.getByRole('link', { name: '初二(5)班 · 0' })).toBeVisible();
});
