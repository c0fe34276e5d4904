import { test, expect } from '@playwright/test';

// The weekly board and a class's trend are rendered by the server: they read with
// JavaScript off, week navigation included.

test('the board, week navigation and a trend work with JavaScript off', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('账号').fill('deyu');
  await page.getByLabel('密码').fill('demo1234');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL('/');

  await page.goto('/board');
  const heading = page.getByRole('heading', { name: /第\d+周/ });
  await expect(heading).toBeVisible();
  await expect(page.locator('tbody tr')).toHaveCount(await page.locator('tbody tr[data-class]').count());
  expect(await page.locator('tbody tr[data-class]').count()).toBeGreaterThanOrEqual(12);
  const week = Number((await heading.innerText()).match(/第(\d+)周/)![1]);
  // In the term's first week there is no week before: step forward instead.
  const back = page.getByRole('link', { name: /上一周/ });
  const [step, to] = (await back.count()) > 0 ? [back, week - 1] : [page.getByRole('link', { name: /下一周/ }), week + 1];
  await step.click();
  await expect(page.getByRole('heading', { name: `第${to}周` })).toBeVisible();

  await page.getByRole('link', { name: '初一(2)班 的走势' }).click();
  await expect(page.getByRole('img', { name: /本学期每周日均分走势/ })).toBeVisible();
});
