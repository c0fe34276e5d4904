import { test, expect, type Browser, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { login, hydrated } from './helpers';

// The weekly board: a teacher's offline entries reach the staff board with the right totals
// and rank; parents see their class's score and nothing behind it; the export opens as .xlsx.
// Only this journey records for 初二(4)班, so its totals here are known.

const ITEM = /教室地面有纸屑杂物/;

async function signedIn(browser: Browser, username: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await login(page, username);
  return page;
}

/** A class's row on the open board. */
function row(page: Page, className: string) {
  return page.locator(`tr[data-class="${className}"]`);
}

/** How many school days the board shows (header: 班级, the days, 总分, 名次). */
async function dayCount(page: Page): Promise<number> {
  return (await page.locator('.board-table').first().locator('thead th').count()) - 3;
}

test('three entries logged offline reach the staff board with the right totals and rank', async ({ browser }) => {
  const teacher = await signedIn(browser, 't204');
  await teacher.goto('/today');
  await hydrated(teacher);
  await teacher.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
  await expect(teacher.getByRole('button', { name: ITEM })).toBeVisible({ timeout: 20_000 });
  await teacher.context().setOffline(true);
  for (let i = 0; i < 3; i++) {
    await teacher.getByRole('button', { name: ITEM }).click();
    await teacher.getByRole('button', { name: '保存', exact: true }).click();
    await expect(teacher.locator('[data-saved="true"]')).toHaveText('已保存到本机');
  }
  await expect(teacher.locator('.syncline .pending')).toHaveText('待同步 3 条');
  await teacher.context().setOffline(false);
  await expect(teacher.locator('.syncline .pending')).toHaveText('待同步 0 条', { timeout: 20_000 });

  const staff = await signedIn(browser, 'deyu');
  await staff.getByRole('link', { name: '评比', exact: true }).click();
  await expect(staff.getByRole('heading', { name: /第\d+周/ })).toBeVisible();
  const days = await dayCount(staff);
  const mine = row(staff, '初二(4)班');
  await expect(mine.locator('.total')).toHaveText(String(100 * days - 3));
  // Rank within 初二 by total, ties sharing; the top class carries the red flag. (Other
  // journeys may add classes to 初二, so the grade is read off the screen.)
  const grade = staff.locator('tbody tr').filter({ hasText: /^初二/ });
  const classes = await grade.count();
  const totals: number[] = [];
  for (let i = 0; i < classes; i++) totals.push(Number(await grade.nth(i).locator('.total').innerText()));
  const rank = 1 + totals.filter((t) => t > 100 * days - 3).length;
  await expect(mine.locator('.rank')).toHaveText(`${rank}/${classes}`);
  const leader = grade.nth(totals.indexOf(Math.max(...totals)));
  await expect(leader.locator('.rank')).toHaveText(`1/${classes}`);
  await expect(leader.getByRole('img', { name: '流动红旗' })).toBeVisible();
  await expect(mine.getByRole('img', { name: '流动红旗' })).toHaveCount(0);

  await mine.getByRole('link', { name: /得分 97/ }).click();
  await expect(staff.getByText('当日得分 97')).toBeVisible();
  await expect(staff.locator('li.entry').filter({ hasText: '教室地面有纸屑杂物' })).toHaveCount(3);
  await expect(staff.locator('li.entry').first()).toContainText('白嫣紫（班主任）');

  // The teacher sees their own class, its rank in the grade, and no other class.
  await teacher.getByRole('link', { name: '评比', exact: true }).click();
  await expect(row(teacher, '初二(4)班').locator('.rank')).toHaveText(`${rank}/${classes}`);
  await expect(teacher.locator('tbody tr')).toHaveCount(1);
});

test('a parent-committee member sees the class score and rank but nothing behind them', async ({ page }) => {
  await login(page, 'jiawei101');
  await page.getByRole('link', { name: '评比', exact: true }).click();
  await expect(page.getByRole('heading', { name: /第\d+周/ })).toBeVisible();
  await expect(page.locator('tbody tr')).toHaveCount(1);
  const mine = row(page, '初一(1)班');
  await expect(mine.locator('.rank')).toHaveText(/^\d\/4$/);
  await expect(mine.getByRole('link', { name: /查看明细/ })).toHaveCount(0);

  // The class's trend over the term: a chart and the weeks, class level only.
  await mine.getByRole('link', { name: '初一(1)班 的走势' }).click();
  await expect(page.getByRole('img', { name: /本学期每周日均分走势/ })).toBeVisible();
  await expect(page.locator('tbody tr').first()).toContainText(/\d+\/4/);

  const me = await (await page.request.get('/api/me')).json();
  const classId = me.scopes.class_ids[0];
  const day = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  const response = await page.goto(`/board/${classId}/${day}`);
  expect(response!.status()).toBe(403);
  await expect(page.getByRole('alert')).toContainText('您无权查看或修改此内容');
  await expect(page.locator('li.entry')).toHaveCount(0);
});

test('the weekly board exports as an .xlsx whose cells match the screen', async ({ page }) => {
  await login(page, 'deyu');
  await page.goto('/board');
  await hydrated(page);
  const total = await row(page, '初二(4)班').locator('.total').innerText();
  const rank = await row(page, '初二(4)班').locator('.rank').innerText();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: '导出 Excel' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^示范中学 班级常规评比 第\d+周_\d{4}-\d{2}-\d{2}\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(await download.path());
  const sheet = workbook.worksheets[0];
  expect(String(sheet.getCell('A1').value)).toMatch(/^示范中学 班级常规评比 第\d+周$/);
  const rows: unknown[][] = [];
  sheet.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
  const header = rows[rows.findIndex((r) => r[0] === '初二') + 1];
  const cells = rows.find((r) => r[0] === '初二(4)班')!;
  expect(String(cells[header.indexOf('总分')])).toBe(total);
  expect(String(cells[header.indexOf('名次')])).toBe(rank.split('/')[0]);
  const flag = header.indexOf('流动红旗');
  const leaders = rows.filter((r) => r[header.indexOf('名次')] === 1);
  expect(leaders.length).toBeGreaterThan(0);
  for (const leader of leaders) expect(leader[flag]).toBe('流动红旗');
});
