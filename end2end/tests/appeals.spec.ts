import { test, expect, type Browser, type Page } from '@playwright/test';
import { login, hydrated } from './helpers';

// 申诉: a duty deduction on 初二(3)班 is appealed from the teacher's phone, accepted on the
// duty teacher's, and the class's score is whole again on both. Only this journey records
// for 初二(3)班.

const DUTY_ITEM = /包干区不洁/;

async function signedIn(browser: Browser, username: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await login(page, username);
  return page;
}

/** Opens a synced screen and waits until the phone's outbox is empty. */
async function openSynced(page: Page, path: string) {
  await page.goto(path);
  await hydrated(page);
  await expect(page.locator('.syncline .pending')).toHaveText('待同步 0 条', { timeout: 20_000 });
}

async function settled(page: Page) {
  await expect(page.locator('.syncline .pending')).toHaveText('待同步 0 条', { timeout: 20_000 });
}

/** How far the class's row total on the board is from a whole 100 on each day the board
 * shows (a weekend day shows only while it has an entry, so the two are read together). */
async function boardShortfall(page: Page, className: string): Promise<number> {
  await page.goto('/board');
  await hydrated(page);
  const days = (await page.locator('.board-table').first().locator('thead th').count()) - 3;
  const total = Number(await page.locator(`tr[data-class="${className}"] .total`).innerText());
  return total - 100 * days;
}

test('a duty deduction appealed and accepted restores the score on both phones', async ({ browser }) => {
  const duty = await signedIn(browser, 'zhizhou');
  await openSynced(duty, '/today');
  await duty.getByRole('button', { name: '初二(3)班', exact: true }).click();
  await expect(duty.getByRole('button', { name: '初二(3)班', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await duty.getByRole('button', { name: DUTY_ITEM }).click();
  await duty.getByRole('button', { name: '保存', exact: true }).click();
  await expect(duty.locator('[data-saved="true"]')).toHaveText('已保存到本机');
  await expect(duty.locator('.syncline .pending')).toHaveText(/待同步 [01] 条/);
  await settled(duty);
  await expect.poll(() => boardShortfall(duty, '初二(3)班'), { timeout: 20_000 }).toBe(-2);

  const teacher = await signedIn(browser, 't203');
  await openSynced(teacher, '/entries');
  const line = teacher.locator('li.entry').filter({ hasText: DUTY_ITEM });
  await expect(line).toHaveCount(1, { timeout: 20_000 });
  await expect(line.getByRole('button', { name: '作废' })).toHaveCount(0);
  await line.getByRole('button', { name: '申诉' }).click();
  await line.getByLabel('申诉理由').fill('包干区当时已打扫');
  await line.getByRole('button', { name: '提交申诉' }).click();
  await expect(line.locator('.chip.appeal')).toHaveText('申诉中');
  await settled(teacher);

  await openSynced(duty, '/entries');
  const waiting = duty.locator('li.entry').filter({ hasText: '包干区当时已打扫' }).first();
  await expect(duty.getByRole('heading', { name: '待处理的申诉' })).toBeVisible({ timeout: 20_000 });
  await waiting.getByRole('button', { name: '通过' }).click();
  // Saved on the phone first (the chip turns), then pushed.
  const decided = duty.locator('li.entry').filter({ hasText: '包干区当时已打扫' }).locator('.chip.appeal');
  await expect(decided.first()).toHaveText('申诉通过');
  await settled(duty);

  await expect.poll(() => boardShortfall(duty, '初二(3)班'), { timeout: 20_000 }).toBe(0);

  await openSynced(teacher, '/entries');
  await teacher.getByRole('button', { name: '同步' }).click();
  await expect(line.locator('.chip.appeal')).toHaveText('申诉通过', { timeout: 20_000 });
  await expect(line.locator('.chip.voided')).toContainText('申诉通过：包干区当时已打扫');
  expect(await boardShortfall(teacher, '初二(3)班')).toBe(0);
});
