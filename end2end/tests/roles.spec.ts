import { test, expect } from '@playwright/test';
import { hydrated, login } from './helpers';

test('a parent-committee member sees their class but no student list', async ({ page }) => {
  await login(page, 'jiawei101');
  await expect(page.getByRole('heading', { name: '家委会关注的班级' })).toBeVisible();
  await expect(page.getByText('初一(1)班')).toBeVisible();
  await expect(page.getByRole('link', { name: /初一\(1\)班/ })).toHaveCount(0);

  const me = await page.request.get('/api/me');
  const classId = (await me.json()).scopes.class_ids[0];
  const response = await page.goto(`/classes/${classId}`);
  expect(response!.status()).toBe(403);
  await expect(page.getByRole('alert')).toContainText('您无权查看或修改此内容');
  await expect(page.locator('li.student')).toHaveCount(0);
});

test('the moral-education office sees every class by grade', async ({ page }) => {
  await login(page, 'deyu');
  await expect(page.getByRole('heading', { name: '各年级班级' })).toBeVisible();
  for (const grade of ['初一', '初二', '初三']) {
    await expect(page.getByRole('heading', { name: grade, exact: true })).toBeVisible();
  }
  for (const grade of ['初一', '初二', '初三']) {
    for (const n of [1, 2, 3, 4]) {
      await expect(page.getByRole('link', { name: new RegExp(`^${grade}\\(${n}\\)班`) })).toBeVisible();
    }
  }
});

test('English can be chosen and is remembered', async ({ page }) => {
  await login(page, 't104');
  await page.getByRole('link', { name: '我的' }).click();
  // The language buttons work once the page has come to life.
  await hydrated(page);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Change password' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Change password' })).toBeVisible();
  await hydrated(page);
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.getByRole('heading', { name: '修改密码' })).toBeVisible();
});

test('a teacher is turned away from the admin screens', async ({ page }) => {
  await login(page, 't201');
  await page.goto('/admin');
  await expect(page.getByRole('alert')).toContainText('您无权查看或修改此内容');
  await expect(page.getByRole('link', { name: '导入学生名单' })).toHaveCount(0);
  const response = await page.goto('/admin/users');
  expect(response!.status()).toBe(403);
  await expect(page.getByRole('alert').first()).toContainText('您无权查看或修改此内容');
});
