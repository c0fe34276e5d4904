import { test, expect } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { hydrated, login } from './helpers';

// 德育处 keeps the monthly themes on the phone at 360 px: a theme with nothing required is
// refused in Chinese; a whole-school theme requiring 劳动教育 is saved, listed, corrected, and
// the month's coverage grid asks the classes of every grade for it.

test('staff add a monthly theme on the phone and coverage asks the classes for it', async ({ page }) => {
  await login(page, 'deyu');
  await page.getByRole('link', { name: '月主题' }).click();
  await expect(page).toHaveURL(/\/themes$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('月主题');
  await hydrated(page);

  const name = `劳动实践月-${randomUUID().slice(0, 6)}`;
  await page.getByText('新增月主题').click();
  const form = page.locator('details[open] form');
  await form.getByLabel('主题名称').fill(name);
  await form.getByRole('button', { name: '保存月主题' }).click();
  await expect(form.getByRole('alert')).toContainText('必做活动: 此项必填');

  await form.getByRole('checkbox', { name: '劳动教育' }).check();
  await form.getByRole('button', { name: '保存月主题' }).click();
  await expect(page.getByRole('status').filter({ hasText: '已保存' })).toBeVisible();
  const card = page.getByRole('listitem', { name });
  await expect(card).toContainText('全校');
  await expect(card).toContainText('必做活动：劳动教育');

  await card.getByText('修改').click();
  await card.getByRole('checkbox', { name: '安全教育·食品' }).check();
  await card.getByRole('button', { name: '保存月主题' }).click();
  await expect(page.getByRole('listitem', { name })).toContainText('必做活动：劳动教育、安全教育·食品');

  await page.goto('/coverage');
  const grid = page.getByRole('region', { name });
  await expect(grid.getByRole('columnheader')).toHaveText(['班级', '劳动教育', '安全教育·食品']);
  await expect(grid.getByRole('row', { name: /初一\(1\)班/ }).getByRole('cell')).toHaveText(['未开展', '未开展']);
  await expect(grid.getByRole('row', { name: /初三\(4\)班/ }).getByRole('cell')).toHaveText(['未开展', '未开展']);
});
