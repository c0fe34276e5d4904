import { test, expect } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { login, openToday, pending } from './helpers';

// A homeroom teacher with no signal records this month's themed class meeting: the screen
// opens for the first time offline, the month's theme and required kind are filled in, what is
// typed survives leaving the page, and once saved the month's requirement shows as held. Back
// online it syncs, and the class's 家委会 member sees it, counted, never named.

test('a teacher records a themed class meeting offline and the parent committee sees it', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await login(page, 't101');
  await openToday(page);

  // The month's theme as the phone pulled it (the demo school's sheet, in this school year).
  const pulled = await context.request.post('/api/sync/v1/pull', {
    data: { client_id: randomUUID(), cursors: {}, limit: 5000, tables: ['monthly_theme'] },
  });
  const month = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 7);
  const theme = (await pulled.json()).changes.find((c: any) => c.table === 'monthly_theme' && c.fields.month.startsWith(month));

  await context.setOffline(true);
  await expect(page.getByRole('status').filter({ hasText: '离线' })).toBeVisible();
  await page.getByRole('navigation').getByRole('link', { name: '活动' }).click();
  await expect(page).toHaveURL(/\/activities$/);
  await expect(page.locator('main.content[data-ready="true"]')).toBeVisible();
  await expect(page.getByText('本月还没有活动记录')).toBeVisible();
  if (theme) {
    await expect(page.getByRole('region', { name: '月主题' })).toContainText(theme.fields.theme);
    await expect(page.getByRole('region', { name: '月主题' })).toContainText('未开展');
  }

  await page.getByRole('link', { name: '记录活动' }).click();
  await expect(page).toHaveURL(/\/activities\/new\?class=/);
  const title = page.getByLabel('活动名称');
  if (theme) {
    await expect(title).toHaveValue(theme.fields.theme);
    await expect(page.getByLabel('月主题')).not.toHaveValue('');
  }
  const name = `感恩主题班会-${randomUUID().slice(0, 6)}`;
  await page.getByLabel('活动类型').selectOption({ label: '主题班会' });
  await title.fill(name);
  await page.getByLabel('活动概述').fill('同学们讲述了家人的付出');

  // Leaving the page mid-form loses nothing: the draft is on the phone.
  await page.getByRole('navigation').getByRole('link', { name: '今天' }).click();
  await expect(page).toHaveURL(/\/today$/);
  await page.getByRole('navigation').getByRole('link', { name: '活动' }).click();
  await page.getByRole('link', { name: '记录活动' }).click();
  await expect(page.getByLabel('活动名称')).toHaveValue(name);
  await expect(page.getByLabel('活动概述')).toHaveValue('同学们讲述了家人的付出');

  // A duration that is no number is caught on the phone, and nothing is saved.
  await page.getByLabel('时长（分钟）').fill('0');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('alert')).toContainText('活动时长应在 1 分钟到 24 小时之间');
  await page.getByLabel('时长（分钟）').fill('40');

  await page.getByRole('radio', { name: '指定学生' }).check();
  const picks = page.locator('.students input[type="checkbox"]');
  await picks.nth(0).check();
  await picks.nth(1).check();
  const named = [await page.locator('label.student').nth(0).innerText(), await page.locator('label.student').nth(1).innerText()]
    .map((text) => text.split(' ').pop()!);
  await page.getByLabel(/分享给家委会/).check();
  await page.getByRole('button', { name: '保存' }).click();

  await expect(page).toHaveURL(/\/activities\?class=.*&month=/);
  const saved = page.getByRole('link', { name: new RegExp(name) });
  await expect(saved).toBeVisible();
  await expect(saved).toContainText('已分享给家委会');
  await expect(pending(page)).toHaveText('待同步 1 条');
  if (theme?.fields.required.some((r: any) => r.kind === 'themed_meeting')) {
    await expect(page.getByRole('region', { name: '月主题' })).toContainText('主题班会：已开展');
  }

  await context.setOffline(false);
  await expect(pending(page)).toHaveText('待同步 0 条', { timeout: 20_000 });
  await context.close();

  const parent = await browser.newContext();
  const feed = await parent.newPage();
  await login(feed, 'jiawei101');
  await feed.goto('/feed');
  const card = feed.getByRole('listitem', { name });
  await expect(card).toContainText('2 人参与');
  const text = await feed.locator('main').innerText();
  for (const student of named) expect(text).not.toContain(student);
  await parent.close();
});
