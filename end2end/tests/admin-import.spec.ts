import { test, expect } from '@playwright/test';
import path from 'node:path';
import { login, hydrated } from './helpers';

const roster = path.join(__dirname, '..', '..', 'server', 'demo', 'students.xlsx');

test('the admin imports the school export and sees the counts per class', async ({ page }) => {
  await login(page, 'admin');
  await page.getByRole('link', { name: '导入学生名单' }).first().click();
  await hydrated(page);
  await page.locator('#roster-file').setInputFiles(roster);
  await page.getByRole('button', { name: '上传并预览' }).first().click();

  await expect(page.getByRole('heading', { name: '导入预览：students.xlsx' })).toBeVisible();
  await expect(page.getByText('共 551 名学生')).toBeVisible();
  const classes = page.locator('ul.counts li');
  await expect(classes).toHaveCount(12);
  await expect(classes.first()).toContainText('初一(1)班');
  await expect(classes.first()).toContainText('44 人（新增 0）');

  await hydrated(page);
  await page.getByRole('button', { name: '确认导入' }).click();
  await expect(page.getByRole('status')).toContainText('导入完成：新增 0 人，更新 551 人，涉及 12 个班级');

  await page.goto('/admin');
  await expect(page.getByRole('link', { name: '初三(4)班 · 49' })).toBeVisible();
});

test('the admin imports staff accounts and gets their activation links', async ({ page }) => {
  await login(page, 'admin');
  await page.goto('/admin/import');
  await hydrated(page);
  const csv = '姓名,账号,角色,年级,班级,手机\n陈晓,chenxiao,值周教师,,,13800007777\n';
  await page.locator('#staff-file').setInputFiles({ name: 'staff.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: '上传并预览' }).nth(1).click();
  await expect(page.getByRole('heading', { name: '教职工导入预览：staff.csv' })).toBeVisible();
  await expect(page.locator('ul.counts li')).toContainText('陈晓 · chenxiao');
  await expect(page.locator('ul.counts li')).toContainText('新账号');
  await hydrated(page);
  await page.getByRole('button', { name: '确认导入' }).click();
  await expect(page.getByRole('status')).toContainText('新建 1 个账号');
  await expect(page.locator('ul.activations a')).toHaveText(/^\/invite\/[A-Z2-9]{10}$/);
});
