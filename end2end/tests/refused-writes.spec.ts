import { test, expect, type Locator, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { login, hydrated, serverCount, ITEM, pending, openToday } from './helpers';

// The phone's storage refuses a write (here: every IndexedDB put, add and delete throws the
// browser's QuotaExceededError while the switch is on). Each screen says so, keeps what the
// teacher typed, and saves once the storage works again. Uses 初三(1)班 (t301).

const FULL = '手机存储空间已满，未能保存到本机。请清理空间后重试，填写的内容仍在。';

/** Installs the switch before the app runs: `window.refuseWrites = true` turns it on. */
async function withRefusableStorage(page: Page) {
  await page.addInitScript(() => {
    for (const name of ['put', 'add', 'delete'] as const) {
      const original = IDBObjectStore.prototype[name] as (...args: unknown[]) => IDBRequest;
      (IDBObjectStore.prototype as any)[name] = function (this: IDBObjectStore, ...args: unknown[]) {
        if ((window as any).refuseWrites) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return original.apply(this, args);
      };
    }
  });
}

const refuse = (page: Page, on: boolean) => page.evaluate((on) => { (window as any).refuseWrites = on; }, on);

/** Taps `button` while the storage refuses, and expects `notice` to say the phone is full. */
async function tapRefused(page: Page, button: Locator, notice: Locator) {
  await refuse(page, true);
  await button.click();
  await expect(notice).toHaveText(FULL);
  await refuse(page, false);
}

test('a refused local write says so, keeps what was typed, and saves on the next try', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await withRefusableStorage(page);
  await login(page, 't301');
  await openToday(page);

  // A new entry: refused, the form stays filled in; then saved.
  const note = `refused-${randomUUID()}`;
  await page.getByRole('button', { name: ITEM }).click();
  await page.getByLabel('备注（可选）').fill(note);
  const failed = page.locator('[data-save-failed="true"]');
  await tapRefused(page, page.getByRole('button', { name: '保存', exact: true }), failed);
  await expect(page.getByLabel('备注（可选）')).toHaveValue(note);
  await expect(pending(page)).toHaveText('待同步 0 条');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.locator('[data-saved="true"]')).toHaveText('已保存到本机');
  await expect(pending(page)).toHaveText('待同步 0 条', { timeout: 20_000 });
  expect(await serverCount(browser, note)).toBe(1);

  // Voiding it: refused, the reason stays; then voided.
  const line = page.locator('.entry').filter({ hasText: note });
  await line.getByRole('button', { name: '作废' }).click();
  await line.getByLabel('作废原因').fill('记错了班级');
  await tapRefused(page, line.getByRole('button', { name: '确认作废' }), line.locator('[data-save-failed="true"]'));
  await expect(line.getByLabel('作废原因')).toHaveValue('记错了班级');
  await line.getByRole('button', { name: '确认作废' }).click();
  await expect(line).toHaveAttribute('data-voided', 'true');
  await expect(line.locator('[data-save-failed="true"]')).toHaveCount(0);
  await expect(pending(page)).toHaveText('待同步 0 条', { timeout: 20_000 });

  // A roll mark: refused, the form stays open with its choices; then saved.
  await page.goto('/roll');
  await hydrated(page);
  const first = page.locator('li.roll-line').first();
  await expect(first).toBeVisible({ timeout: 20_000 });
  const name = (await first.getAttribute('data-student'))!;
  await first.getByRole('button', { name: `标记 ${name}` }).click();
  await first.getByRole('button', { name: '迟到' }).click();
  await first.getByLabel('备注（可选）').fill('公交晚点');
  await tapRefused(page, first.getByRole('button', { name: '保存' }), failed);
  await expect(first.getByLabel('备注（可选）')).toHaveValue('公交晚点');
  await expect(first).toHaveAttribute('data-mark', 'present');
  await first.getByRole('button', { name: '保存' }).click();
  await expect(page.locator('[data-saved="true"]')).toHaveText('已保存到本机');
  await expect(first).toHaveAttribute('data-mark', 'late');

  // Undoing it: refused, the mark stays and the screen says why; then undone.
  await tapRefused(page, first.getByRole('button', { name: `撤销 ${name}` }), failed);
  await expect(first).toHaveAttribute('data-mark', 'late');
  await first.getByRole('button', { name: `撤销 ${name}` }).click();
  await expect(page.locator(`li.roll-line[data-student="${name}"]`)).toHaveAttribute('data-mark', 'present');
  await expect(pending(page)).toHaveText('待同步 0 条', { timeout: 20_000 });
  await context.close();
});
