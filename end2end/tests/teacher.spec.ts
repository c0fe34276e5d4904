import { test, expect } from '@playwright/test';
import { login, watchConsole, hydrated } from './helpers';

test('a homeroom teacher signs in and sees their class and its roster', async ({ page }) => {
  const problems = watchConsole(page);
  await login(page, 't101');
  await hydrated(page);
  await expect(page.getByRole('heading', { name: '范嘉城，您好' })).toBeVisible();
  await expect(page.getByText(/今天是 \d{4}-\d{2}-\d{2} 星期/)).toBeVisible();
  const card = page.getByRole('link', { name: /初一\(1\)班/ });
  await expect(card).toContainText('44 名学生');
  await expect(page.getByRole('link', { name: /初一\(2\)班/ })).toHaveCount(0);

  await card.click();
  await expect(page.getByRole('heading', { name: '初一(1)班' })).toBeVisible();
  await expect(page.getByText('共 44 人')).toBeVisible();
  await expect(page.locator('li.student')).toHaveCount(44);
  await expect(page.getByText('叶思桐')).toBeVisible();

  await hydrated(page);
  await page.getByRole('searchbox', { name: '搜索姓名或学号' }).fill('叶思桐');
  await expect(page.locator('li.student')).toHaveCount(1);
  await page.getByRole('searchbox', { name: '搜索姓名或学号' }).fill('没有这个人');
  await expect(page.getByText('没有符合条件的学生')).toBeVisible();

  expect(problems.filter((p) => /hydrat/i.test(p))).toEqual([]);
  expect(problems).toEqual([]);
});

test('touch targets in the navigation and on cards are at least 44 px', async ({ page }) => {
  await login(page, 't102');
  for (const target of await page.locator('nav.bottom-nav a, a.card').all()) {
    const box = await target.boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
  }
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
});

test('a wrong password shows a Chinese error and stays on the login page', async ({ page }) => {
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('账号').fill('t103');
  await page.getByLabel('密码').fill('not-the-password');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('alert')).toHaveText('账号或密码错误');
  await expect(page).toHaveURL(/\/login/);
});

test('a teacher corrects a guardian phone, a care flag and the photo consent from the roster', async ({ page }) => {
  await login(page, 't301');
  await page.getByRole('link', { name: /初三\(1\)班/ }).click();
  await hydrated(page);
  const first = page.locator('li.student').first();
  const name = await first.locator('.student-name').innerText();
  await first.getByRole('link', { name: `编辑 ${name}` }).click();
  await expect(page.getByRole('heading', { name: '编辑学生信息' })).toBeVisible();
  await expect(page.getByLabel('班级')).toHaveCount(0);
  const activities = page.getByRole('region', { name: '本学期参与的活动（五育）' });
  await expect(activities).toContainText('德 0 · 智 0 · 体 0 · 美 0 · 劳 0');
  await expect(activities).toContainText('本学期还没有参与的活动记录');
  await hydrated(page);
  await page.getByLabel('监护人电话').fill('138 1234 5678');
  await page.getByLabel('困难').check();
  await expect(page.getByLabel('照片使用（监护人意见）')).toHaveValue('school_only');
  await page.getByLabel('照片使用（监护人意见）').selectOption('allowed');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.locator('p.notice.ok[role="status"]')).toHaveText('已保存');

  await page.getByLabel('监护人电话').fill('call me');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('alert')).toContainText('监护人电话: 无效');

  await page.getByRole('link', { name: '返回花名册' }).click();
  const row = page.locator('li.student', { hasText: name });
  await expect(row).toContainText('13812345678');
  await expect(row).toContainText('困难');
  await row.getByRole('link', { name: `编辑 ${name}` }).click();
  await expect(page.getByLabel('照片使用（监护人意见）')).toHaveValue('allowed');
});
