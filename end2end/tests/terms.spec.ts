import { test, expect } from '@playwright/test';
import { login, hydrated } from './helpers';

// The school calendar: an admin sets a term's days off (国庆) and make-up days (调休), sees
// them in the list, and a date that is not in the term is refused with a Chinese message.

test('an admin sets the holidays and make-up days of a term and corrects a bad date', async ({ page }) => {
  await login(page, 'admin');
  await page.goto('/admin/terms');
  await hydrated(page);
  await expect(page.getByRole('heading', { name: '新建学期' })).toBeVisible();
  await page.getByLabel('学期名称').fill('2019-2020学年第一学期');
  await page.getByLabel('开始日期').fill('2019-09-01');
  await page.getByLabel('结束日期').fill('2020-01-15');
  await page.getByLabel('放假日期（不上课的工作日）').fill('2019-10-01~2019-10-07');
  await page.getByLabel('调休上课日期').fill('2019-09-29\n2019-10-12');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('status')).toHaveText('已保存');
  const term = page.locator('li[data-term="2019-2020学年第一学期"]');
  await expect(term).toContainText('放假：2019-10-01~2019-10-07');
  await expect(term).toContainText('调休上课：2019-09-29,2019-10-12');

  await term.getByRole('button', { name: '编辑 2019-2020学年第一学期' }).click();
  await expect(page.getByRole('heading', { name: '编辑学期' })).toBeVisible();
  await expect(page.getByLabel('学期名称')).toHaveValue('2019-2020学年第一学期');
  await expect(page.getByLabel('调休上课日期')).toHaveValue('2019-09-29\n2019-10-12');
  await page.getByLabel('放假日期（不上课的工作日）').fill('2019-10-01~2019-10-07\n2019-13-01');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('alert')).toContainText('放假日期（不上课的工作日）: 日期格式不对，或不在学期内');
  await expect(term).toContainText('放假：2019-10-01~2019-10-07');

  await page.getByLabel('放假日期（不上课的工作日）').fill('2019-10-01~2019-10-07\n2020-01-01');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('status')).toHaveText('已保存');
  await expect(term).toContainText('放假：2019-10-01~2019-10-07,2020-01-01');
  await expect(page.locator('li[data-term]')).toHaveCount(2);
});
