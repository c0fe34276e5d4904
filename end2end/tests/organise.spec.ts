import { test, expect, type Browser, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { login, hydrated, pending } from './helpers';

// 年级活动: the grade leader of 初一 organises one outing for the whole grade from the phone,
// offline. It is saved once for each of the grade's four classes, in one write; back online
// the four copies sync, each class's teacher finds it in their class's month marked as the
// grade's, and the class's 家委会 member reads it in the feed.

async function signedIn(browser: Browser, username: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await login(page, username);
  return page;
}

test('a grade leader organises a grade activity offline, recorded for each class of the grade', async ({ browser }) => {
  const leader = await signedIn(browser, 'nianji1');
  await leader.goto('/activities');
  await hydrated(leader);
  await leader.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
  await expect(pending(leader)).toHaveText('待同步 0 条', { timeout: 20_000 });
  await expect(leader.getByRole('link', { name: '组织全校活动' }), 'a grade leader does not organise the school').toHaveCount(0);

  await leader.context().setOffline(true);
  await expect(leader.getByRole('status').filter({ hasText: '离线' })).toBeVisible();
  await leader.getByRole('link', { name: '组织初一年级活动' }).click();
  await expect(leader.getByRole('heading', { name: '组织初一 年级活动（4 个班）' })).toBeVisible();
  const title = `初一年级远足-${randomUUID().slice(0, 6)}`;
  await leader.getByLabel('活动名称').fill(title);
  await leader.getByLabel('活动类型').selectOption({ label: '其他' });
  await leader.getByLabel('月主题').selectOption({ label: '不关联月主题' });
  await expect(leader.getByRole('radio', { name: '指定学生' }), 'no one class\'s students to name').toHaveCount(0);
  await leader.getByLabel(/分享给家委会/).check();
  await leader.getByRole('button', { name: '保存' }).click();
  await expect(leader).toHaveURL(/\/activities\?class=/);
  await expect(pending(leader)).toHaveText('待同步 4 条');

  await leader.context().setOffline(false);
  await leader.getByRole('button', { name: '同步' }).click();
  await expect(pending(leader)).toHaveText('待同步 0 条', { timeout: 20_000 });

  const teacher = await signedIn(browser, 't102');
  await teacher.goto('/activities');
  await hydrated(teacher);
  const copy = teacher.getByRole('link', { name: new RegExp(title) });
  await expect(copy).toHaveCount(1, { timeout: 20_000 });
  await expect(copy.locator('.badge')).toContainText(['已分享给家委会', '年级活动']);

  const parent = await signedIn(browser, 'jiawei101');
  await parent.goto('/feed');
  const card = parent.locator('li.feed-item').filter({ hasText: title });
  await expect(card).toHaveCount(1);
  await expect(card.getByText('年级活动')).toBeVisible();

  // Corrected by the grade leader, every class's copy changes in one write; withdrawn, all go.
  await leader.goto('/activities');
  await hydrated(leader);
  await leader.getByRole('link', { name: new RegExp(title) }).click();
  await expect(leader.getByRole('status').filter({ hasText: '修改会同时用于本活动在 4 个班的记录' })).toBeVisible();
  const moved = `${title}（改期）`;
  await leader.getByLabel('活动名称').fill(moved);
  await leader.getByRole('button', { name: '保存' }).click();
  await expect(leader).toHaveURL(/\/activities\?class=/);
  await expect(pending(leader)).toHaveText('待同步 4 条');
  await leader.getByRole('button', { name: '同步' }).click();
  await expect(pending(leader)).toHaveText('待同步 0 条', { timeout: 20_000 });
  await teacher.reload();
  await hydrated(teacher);
  await teacher.getByRole('button', { name: '同步' }).click();
  await expect(teacher.getByRole('link', { name: new RegExp(moved) })).toHaveCount(1, { timeout: 20_000 });

  await leader.getByRole('link', { name: new RegExp(moved) }).click();
  leader.once('dialog', (dialog) => dialog.accept());
  await leader.getByRole('button', { name: '撤回这条活动' }).click();
  await expect(pending(leader)).toHaveText('待同步 4 条');
  await leader.getByRole('button', { name: '同步' }).click();
  await expect(pending(leader)).toHaveText('待同步 0 条', { timeout: 20_000 });
  await parent.reload();
  await expect(parent.locator('li.feed-item').filter({ hasText: title })).toHaveCount(0);
});
