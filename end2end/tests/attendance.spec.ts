import { test, expect, type Browser, type Page } from '@playwright/test';
import { login, hydrated } from './helpers';

// 点名: the teacher of 初三(2)班 takes the roll offline, marking one student sick (fever and
// cough) and one late by mistake (undone); back online, the moral-education office sees the
// sick student under the class. Only this journey marks 初三(2)班.

const CLASS = '初三(2)班';

async function signedIn(browser: Browser, username: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await login(page, username);
  return page;
}

async function settled(page: Page) {
  await expect(page.locator('.syncline .pending')).toHaveText('待同步 0 条', { timeout: 20_000 });
}

test('a roll taken offline with one sick student reaches the staff view', async ({ browser }) => {
  const teacher = await signedIn(browser, 't302');
  await teacher.goto('/roll');
  await hydrated(teacher);
  await settled(teacher);
  const lines = teacher.locator('li.roll-line');
  await expect(lines.first()).toBeVisible({ timeout: 20_000 });
  const enrolled = await lines.count();
  await expect(teacher.locator('[data-summary="true"]')).toHaveText(`应到 ${enrolled} 人，实到 ${enrolled} 人`);
  await expect(teacher.locator('li.roll-line[data-mark="present"]')).toHaveCount(enrolled);

  // Installed (the worker has every file a reload needs), then the network goes.
  await teacher.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
  await teacher.context().setOffline(true);
  const sick = lines.nth(0);
  const sickName = (await sick.getAttribute('data-student'))!;
  await sick.getByRole('button', { name: `标记 ${sickName}` }).click();
  await expect(sick.getByRole('button', { name: '病假' })).toHaveAttribute('aria-pressed', 'true');
  await expect(sick.getByRole('button', { name: '保存' })).toBeDisabled();
  await sick.getByLabel('发热').check();
  await sick.getByLabel('咳嗽').check();
  await sick.getByRole('button', { name: '保存' }).click();
  await expect(teacher.locator('[data-saved="true"]')).toHaveText('已保存到本机');
  await expect(sick).toHaveAttribute('data-mark', 'sick');
  await expect(sick.locator('.chip.mark')).toHaveText('病假 · 发热、咳嗽');
  await expect(teacher.locator('[data-summary="true"]')).toHaveText(`应到 ${enrolled} 人，实到 ${enrolled - 1} 人`);

  // A student marked late by mistake, then undone: present again.
  const late = lines.nth(1);
  const lateName = (await late.getAttribute('data-student'))!;
  await late.getByRole('button', { name: `标记 ${lateName}` }).click();
  await late.getByRole('button', { name: '迟到' }).click();
  await expect(late.getByLabel('预计返校日期（可选）')).toHaveCount(0);
  await late.getByRole('button', { name: '保存' }).click();
  await expect(late).toHaveAttribute('data-mark', 'late');
  await late.getByRole('button', { name: '撤销' }).click();
  await expect(teacher.locator(`li.roll-line[data-student="${lateName}"]`)).toHaveAttribute('data-mark', 'present');

  // Still there after a reload with no network: the roll is on the phone.
  await teacher.reload();
  await hydrated(teacher);
  await expect(teacher.locator(`li.roll-line[data-student="${sickName}"]`)).toHaveAttribute('data-mark', 'sick');
  await teacher.context().setOffline(false);
  await settled(teacher);

  // From the home tile: a client-side navigation that loads the screen's lazy wasm chunk.
  const deyu = await signedIn(browser, 'deyu');
  await hydrated(deyu);
  await deyu.getByRole('link', { name: '出勤情况' }).click();
  await deyu.waitForURL('/attendance');
  const section = deyu.locator(`section.class-day[data-class="${CLASS}"]`);
  await expect(section).toBeVisible();
  await expect(section.locator('h3')).toContainText('缺勤 1');
  const line = section.locator(`li[data-student="${sickName}"]`);
  await expect(line).toHaveAttribute('data-kind', 'sick');
  await expect(line).toContainText('病假 · 发热、咳嗽');
  await expect(section.locator(`li[data-student="${lateName}"]`)).toHaveCount(0);

  // The parent-committee member of another class sees none of it.
  const parent = await signedIn(browser, 'jiawei101');
  const res = await parent.goto('/attendance');
  expect(res?.status()).toBe(403);
});
