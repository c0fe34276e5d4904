import { test, expect } from '@playwright/test';
import { login, hydrated } from './helpers';

// 评分方案: the moral-education office sees the term's rules and adds a check item, which
// then appears in the list; a homeroom teacher is refused the screen.

test('staff add a check item to the scheme and teachers may not', async ({ page, browser }) => {
  await login(page, 'deyu');
  await page.getByRole('link', { name: '评分方案' }).click();
  await hydrated(page);
  await expect(page.getByLabel('基础分')).toHaveValue('100');
  await expect(page.getByRole('heading', { name: '卫生', exact: true })).toBeVisible();
  await page.getByLabel('类别').fill('卫生');
  await page.getByLabel('项目名称').fill('门窗玻璃不洁');
  await page.getByLabel('默认分值（扣分为负）').fill('-1');
  await page.getByLabel('最低').fill('-3');
  await page.getByLabel('最高').fill('-1');
  await page.getByLabel('时段（用 | 分隔）').fill('早读|午休');
  await page.getByRole('button', { name: '保存' }).last().click();
  await expect(page.locator('li[data-item="门窗玻璃不洁"]')).toContainText('班级 · 均可 · 早读|午休');
  await expect(page.locator('li[data-item="门窗玻璃不洁"]')).toContainText('（-3 ~ -1）');

  const teacher = await (await browser.newContext()).newPage();
  await login(teacher, 't102');
  const response = await teacher.goto('/scheme');
  expect(response!.status()).toBe(403);
  await expect(teacher.getByRole('alert')).toContainText('您无权查看或修改此内容');
});
