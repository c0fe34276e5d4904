import { test, expect, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { login, hydrated, ITEM, pending, openToday } from './helpers';

// Count and points on the phone, and a correction (更正) made offline: the wrong entry is
// voided with the reason when the correction syncs, the day's score counts only the new
// one, and staff see both in the day's drill-down. Only this journey records for 初三(3)班.


test('a teacher logs an entry ×3 offline, corrects it to ×1, and staff see the history', async ({ browser }) => {
  const page = await (await browser.newContext()).newPage();
  await login(page, 't303');
  await openToday(page);
  await page.context().setOffline(true);

  await page.getByRole('button', { name: ITEM }).click();
  const form = page.locator('section.entry-form');
  // The form opens below the item list and scrolls into view, 保存 within the thumb's reach.
  await expect(form.getByRole('button', { name: '保存', exact: true })).toBeInViewport();
  const times = form.getByRole('group', { name: '次数' });
  await expect(times.getByRole('button', { name: '减少次数' })).toBeDisabled();
  await times.getByRole('button', { name: '增加次数' }).click();
  await times.getByRole('button', { name: '增加次数' }).click();
  await expect(times.locator('output')).toHaveText('×3');
  await expect(form.locator('.entry-total')).toHaveText('合计 -3 分');
  // Points stay within the item's range (−3 … −0.5 for a −1 item).
  const points = form.getByRole('group', { name: '每次分值' });
  await points.getByRole('button', { name: '增加每次分值' }).click();
  await expect(points.locator('output')).toHaveText('-0.5');
  await expect(points.getByRole('button', { name: '增加每次分值' })).toBeDisabled();
  await expect(form.locator('.entry-total')).toHaveText('合计 -1.5 分');
  await points.getByRole('button', { name: '减少每次分值' }).click();
  for (const button of await form.locator('.stepper button').all()) {
    expect((await button.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    expect((await button.boundingBox())!.width).toBeGreaterThanOrEqual(44);
  }
  const note = `corr-${randomUUID().slice(0, 8)}`;
  await form.getByLabel('备注（可选）').fill(note);
  await form.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.locator('[data-saved="true"]')).toHaveText('已保存到本机');
  const lines = page.locator('li.entry').filter({ hasText: note });
  await expect(lines).toHaveCount(1);
  await expect(lines.first()).toContainText('-1 ×3');

  // 更正: the form starts from the entry; the teacher brings the count down and says why.
  await lines.first().getByRole('button', { name: '更正' }).click();
  const fix = lines.first().locator('section.entry-form');
  await expect(fix.getByRole('group', { name: '次数' }).locator('output')).toHaveText('×3');
  await expect(fix.getByRole('button', { name: '保存更正' })).toBeDisabled();
  await fix.getByRole('button', { name: '减少次数' }).click();
  await fix.getByRole('button', { name: '减少次数' }).click();
  await fix.getByLabel('更正原因').fill('只有一处纸屑');
  await fix.getByRole('button', { name: '保存更正' }).click();
  await expect(lines).toHaveCount(2);
  const old = lines.and(page.locator('[data-corrected="true"]'));
  const replacement = lines.filter({ hasText: '更正记录' });
  await expect(old).toContainText('更正待同步');
  await expect(old.getByRole('button', { name: '更正' })).toHaveCount(0);
  await expect(replacement).toContainText('-1');
  await expect(replacement).not.toContainText('×');
  await expect(pending(page)).toHaveText('待同步 2 条');

  await page.context().setOffline(false);
  await expect(pending(page)).toHaveText('待同步 0 条', { timeout: 20_000 });
  await expect(old).toContainText('已更正：只有一处纸屑');

  // Records keeps both lines of the history too.
  await page.getByRole('link', { name: '记录', exact: true }).click();
  await expect(page.locator('li.entry').filter({ hasText: note })).toHaveCount(2);
  await expect(page.locator('li.entry[data-corrected="true"]').filter({ hasText: note })).toContainText(
    '已更正：只有一处纸屑',
  );

  const staff = await (await browser.newContext()).newPage();
  await login(staff, 'zhizhou');
  const me = await (await page.request.get('/api/me')).json();
  const day = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  await staff.goto(`/board/${me.scopes.class_ids[0]}/${day}`);
  await expect(staff.getByText('当日得分 99')).toBeVisible();
  const entries = staff.locator('li.entry').filter({ hasText: note });
  await expect(entries).toHaveCount(2);
  await expect(entries.filter({ hasText: '已更正：只有一处纸屑' })).toContainText('×3');
  await expect(entries.filter({ hasText: '更正记录' })).toHaveCount(1);

  // Students are optional on a student-level item: with nobody picked it counts once.
  await page.getByRole('link', { name: '今天', exact: true }).click();
  await page.getByRole('button', { name: /早读迟到/ }).click();
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.locator('[data-saved="true"]')).toHaveText('已保存到本机');
  await expect(page.locator('li.entry').filter({ hasText: '早读迟到' })).not.toContainText('名学生');
  await expect(pending(page)).toHaveText('待同步 0 条', { timeout: 20_000 });
  await staff.reload();
  await expect(staff.getByText('当日得分 98')).toBeVisible();
});
