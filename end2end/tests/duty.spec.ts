import { test, expect } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { login, hydrated, pending, openToday } from './helpers';

// The class duty roster (值日安排): a teacher with no signal opens the roster for the first
// time, sets Wednesday's team, and Today shows who is on duty; the day reaches the server.

test('a teacher sets a weekday duty team offline and Today shows it', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  // A Wednesday, so Today shows the team set for 周三 whatever day the journey runs.
  await page.clock.setFixedTime(new Date('2026-12-02T10:00:00+08:00'));
  await login(page, 't103');
  await openToday(page);
  const line = page.locator('[data-duty="true"]');
  await expect(line).toContainText('今天没有值日安排');

  await context.setOffline(true);
  await expect(page.getByRole('status').filter({ hasText: '离线' })).toBeVisible();
  // First visits of both lazy screens, with no network: the service worker kept their chunks.
  await page.getByRole('navigation').getByRole('link', { name: '记录' }).click();
  await expect(page).toHaveURL(/\/entries$/);
  await expect(page.locator('main.content[data-ready="true"]')).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(/\/today$/);
  await page.getByRole('link', { name: '安排值日' }).click();
  await expect(page).toHaveURL(/\/duty$/);
  await expect(page.getByRole('heading', { name: '周一' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '周五' })).toBeVisible();

  const wednesday = page.getByRole('region', { name: '周三' });
  const picks = wednesday.getByRole('checkbox');
  await picks.nth(0).check();
  await picks.nth(1).check();
  const first = (await wednesday.locator('label.student').nth(0).innerText()).split(' ').pop()!;
  const second = (await wednesday.locator('label.student').nth(1).innerText()).split(' ').pop()!;
  const task = `扫地-${randomUUID().slice(0, 8)}`;
  await wednesday.getByLabel('值日内容').fill(task);
  await wednesday.getByRole('button', { name: '保存 周三' }).click();
  await expect(wednesday.locator('[data-saved="true"]')).toHaveText('已保存到本机');
  // Saving again changes the day rather than making a second one.
  await picks.nth(1).uncheck();
  await picks.nth(1).check();
  await wednesday.getByRole('button', { name: '保存 周三' }).click();
  await expect(wednesday.locator('[data-saved="true"]')).toHaveText('已保存到本机');

  await page.getByRole('navigation').getByRole('link', { name: '今天' }).click();
  await expect(line).toHaveText(new RegExp(`今日值日：${first}、${second} · ${task}`));
  await expect(pending(page)).toHaveText('待同步 2 条');

  await context.setOffline(false);
  await expect(pending(page)).toHaveText('待同步 0 条', { timeout: 20_000 });
  const pull = await context.request.post('/api/sync/v1/pull', {
    data: { client_id: randomUUID(), cursors: {}, limit: 5000, tables: ['student', 'duty_roster'] },
  });
  expect(pull.status()).toBe(200);
  const days = (await pull.json()).changes.filter((c: any) => c.table === 'duty_roster' && c.fields.task === task);
  expect(days).toHaveLength(1);
  expect(days[0].fields.weekday).toBe(3);
  expect(days[0].fields.student_ids).toHaveLength(2);
  await context.close();
});
