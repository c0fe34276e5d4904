import { test, expect } from '@playwright/test';
import { login, ITEM } from './helpers';

test('the login page renders and works with JavaScript off', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: '登录班务通' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh');

  await page.getByLabel('账号').fill('t201');
  await page.getByLabel('密码').fill('wrong-password');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/login\?error=bad_credentials/);
  await expect(page.getByRole('alert')).toHaveText('账号或密码错误');

  await page.getByLabel('账号').fill('t201');
  await page.getByLabel('密码').fill('demo1234');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL('/');
  await expect(page.getByRole('heading', { name: '邹梦，您好' })).toBeVisible();
  await expect(page.getByRole('link', { name: /初二\(1\)班/ })).toContainText('49 名学生');
});

test('Today shows the teacher\'s items and today\'s entries with JavaScript off', async ({ page }) => {
  await login(page, 't202');
  await page.goto('/today');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('今日检查');
  await expect(page.getByRole('button', { name: ITEM })).toBeVisible();
  await expect(page.getByRole('heading', { name: '今天的记录' })).toBeVisible();
});
