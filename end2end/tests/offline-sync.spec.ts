import { test, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { login, hydrated, serverCount, watchConsole, phoneRows, ITEM, pending, openToday } from './helpers';

// "Nothing lost, nothing duplicated": routine-check entries saved on the phone reach the
// server exactly once, whatever the network, the tab or the user does in between.


/** Saves one class-level entry with `note`, and waits for 已保存到本机. */
async function saveEntry(page: Page, note: string) {
  await page.getByRole('button', { name: ITEM }).click();
  await page.getByLabel('备注（可选）').fill(note);
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.locator('[data-saved="true"]')).toHaveText('已保存到本机');
}

async function teacherContext(browser: Browser, username: string): Promise<[BrowserContext, Page]> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await login(page, username);
  return [context, page];
}

test('entries saved offline survive a reload offline and reach the server exactly once', async ({ browser }) => {
  const [context, page] = await teacherContext(browser, 't101');
  await openToday(page);
  const note = `offline-${randomUUID()}`;

  await context.setOffline(true);
  await expect(page.getByRole('status').filter({ hasText: '离线' })).toBeVisible();
  for (let i = 0; i < 3; i++) await saveEntry(page, note);
  await expect(pending(page)).toHaveText('待同步 3 条');

  await page.reload();
  await hydrated(page);
  await expect(page.locator('.entry[data-state="pending"]').filter({ hasText: note })).toHaveCount(3);
  await expect(pending(page)).toHaveText('待同步 3 条');

  // A cold start with no network: the app's address opens Today with the phone's data.
  const cold = await context.newPage();
  await cold.goto('/');
  await expect(cold).toHaveURL(/\/today$/);
  await hydrated(cold);
  await expect(cold.locator('.entry').filter({ hasText: note })).toHaveCount(3);
  await cold.close();

  await context.setOffline(false);
  await expect(pending(page)).toHaveText('待同步 0 条', { timeout: 20_000 });
  await expect(page.locator('.entry[data-state="synced"]').filter({ hasText: note })).toHaveCount(3);
  expect(await serverCount(browser, note)).toBe(3);
  await context.close();
});

test('a lost push response is retried without creating a duplicate', async ({ browser }) => {
  const [context, page] = await teacherContext(browser, 't102');
  await openToday(page);
  const note = `lost-${randomUUID()}`;
  let dropped = 0;
  await context.route('**/api/sync/v1/push', async (route) => {
    if (dropped > 0) return route.continue();
    dropped++;
    const response = await route.fetch();
    expect(response.status()).toBe(200);
    await route.abort('connectionreset');
  });
  await saveEntry(page, note);
  // The count can read 0 before the saved entry reaches it: wait for the dropped push first.
  await expect.poll(() => dropped, { timeout: 20_000 }).toBe(1);
  await expect(pending(page)).toHaveText('待同步 0 条', { timeout: 20_000 });
  expect(await serverCount(browser, note)).toBe(1);
  await context.close();
});

test('an entry saved just before the page closes is there on reopening and syncs once', async ({ browser }) => {
  const [context, page] = await teacherContext(browser, 't103');
  await openToday(page);
  const note = `closed-${randomUUID()}`;
  await context.route('**/api/sync/v1/push', (route) => route.abort('internetdisconnected'));
  await saveEntry(page, note);
  await page.close();
  await context.unroute('**/api/sync/v1/push');

  const again = await context.newPage();
  await again.goto('/today');
  await hydrated(again);
  await expect(again.locator('.entry').filter({ hasText: note })).toHaveCount(1);
  await expect(pending(again)).toHaveText('待同步 0 条', { timeout: 20_000 });
  expect(await serverCount(browser, note)).toBe(1);
  await context.close();
});

test("two tabs show each other's entries at once, and syncing at once send each entry once", async ({ browser }) => {
  const [context, first] = await teacherContext(browser, 't104');
  await openToday(first);
  const second = await context.newPage();
  await openToday(second);
  const note = `tabs-${randomUUID()}`;

  await context.setOffline(true);
  await saveEntry(first, note);
  await saveEntry(second, note);
  // Each tab shows the other's entry at once, from the phone alone.
  for (const tab of [first, second]) {
    await expect(tab.locator('.entry[data-state="pending"]').filter({ hasText: note })).toHaveCount(2);
    await expect(pending(tab)).toHaveText('待同步 2 条');
  }
  await context.setOffline(false);
  await Promise.all([
    first.getByRole('button', { name: '同步', exact: true }).click(),
    second.getByRole('button', { name: '同步', exact: true }).click(),
  ]);
  await expect(pending(first)).toHaveText('待同步 0 条', { timeout: 20_000 });
  await expect(pending(second)).toHaveText('待同步 0 条', { timeout: 20_000 });
  for (const tab of [first, second]) {
    await expect(tab.locator('.entry[data-state="synced"]').filter({ hasText: note })).toHaveCount(2);
  }
  expect(await serverCount(browser, note)).toBe(2);
  await context.close();
});

test("a teacher's entry appears on the staff list after sync, and a void reaches it too", async ({ browser }) => {
  const [teacher, page] = await teacherContext(browser, 't201');
  const problems = watchConsole(page);
  await openToday(page);
  const note = `staff-${randomUUID()}`;
  await saveEntry(page, note);
  await expect(pending(page)).toHaveText('待同步 0 条', { timeout: 20_000 });

  const [staff, list] = await teacherContext(browser, 'deyu');
  problems.push(...watchConsole(list));
  await list.goto('/entries');
  await hydrated(list);
  const row = list.locator('.entry').filter({ hasText: note });
  await expect(row).toContainText('教室地面有纸屑杂物', { timeout: 20_000 });
  await expect(row).toContainText('初二(1)班');
  await expect(row).not.toContainText('初二初二');

  const mine = page.locator('.entry').filter({ hasText: note });
  await mine.getByRole('button', { name: '作废' }).click();
  await mine.getByLabel('作废原因').fill('记错班级');
  await mine.getByRole('button', { name: '确认作废' }).click();
  await expect(mine).toContainText('已作废：记错班级');
  await expect(mine).toHaveAttribute('data-state', 'synced', { timeout: 20_000 });
  await list.getByRole('button', { name: '同步', exact: true }).click();
  await expect(row).toContainText('已作废：记错班级', { timeout: 20_000 });
  expect(problems, 'no hydration or script errors').toEqual([]);
  await teacher.close();
  await staff.close();
});

test('logout with unsynced entries warns, and afterwards the phone holds nothing of the user', async ({ browser }) => {
  const [context, page] = await teacherContext(browser, 't202');
  await openToday(page);
  await context.route('**/api/sync/v1/push', (route) => route.abort('internetdisconnected'));
  await saveEntry(page, `logout-${randomUUID()}`);
  await expect(pending(page)).toHaveText('待同步 1 条');

  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '我的' }).click();
  await expect(page.locator('.topbar .sync-chip'), 'every screen shows what waits').toHaveText('待同步 1 条');
  let warning = '';
  page.once('dialog', (dialog) => {
    warning = dialog.message();
    return dialog.dismiss();
  });
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect.poll(() => warning).toContain('1 条记录未同步');
  await expect(page).toHaveURL(/\/me$/);

  page.once('dialog', (dialog) => dialog.accept());
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.waitForURL(/\/login/);
  expect(await phoneRows(page)).toBe(0);
  await context.close();
});

test('the app is installable: a manifest with real icons and a service worker', async ({ page }) => {
  const manifest = await (await page.request.get('/manifest.webmanifest')).json();
  expect(manifest).toMatchObject({ name: expect.stringContaining('班务通'), lang: 'zh-CN', display: 'standalone' });
  const sizes = new Set<string>();
  for (const icon of manifest.icons) {
    const response = await page.request.get(icon.src);
    expect(response.headers()['content-type']).toBe('image/png');
    const png = await response.body();
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const width = png.readUInt32BE(16);
    expect(`${width}x${png.readUInt32BE(20)}`).toBe(icon.sizes);
    sizes.add(icon.purpose === 'maskable' ? 'maskable' : icon.sizes);
  }
  expect([...sizes].sort()).toEqual(['192x192', '512x512', 'maskable']);
  const worker = await page.request.get('/sw.js');
  expect(worker.headers()['cache-control']).toBe('no-cache');
  const script = await worker.text();
  expect(script).toMatch(/\/pkg\/homeroom\.[\w-]+\.wasm/);
  // And every chunk the build's split manifest names, so each lazy screen opens offline the
  // first time (记录 and 值日安排 among them).
  const build: string[] = JSON.parse(/const BUILD = (\[.*\]);/.exec(script)![1]);
  const manifestPath = build.find((f) => f.includes('__wasm_split_manifest'))!;
  const split: Record<string, string[]> = await (await page.request.get(manifestPath)).json();
  const chunks = new Set(Object.values(split).flat().map((stem) => `/pkg/${stem}.wasm`));
  expect(chunks.size).toBeGreaterThan(10);
  expect(build.filter((f) => chunks.has(f)).length, 'every chunk is kept at install').toBe(chunks.size);
  expect(script).toMatch(/\/pkg\/split___entries_route_view_\d+\.[\w-]+\.wasm/);
  expect(script).toMatch(/\/pkg\/split___duty_route_view_\d+\.[\w-]+\.wasm/);
  expect(script).not.toContain('__VERSION__');
});

test('the offline shells carry no private data from the server', async ({ browser }) => {
  const [context, page] = await teacherContext(browser, 't101');
  // Every page the worker keeps, as the worker itself lists them.
  const script = await (await page.request.get('/sw.js')).text();
  const kept: string[] = JSON.parse(/const SHELLS = (\[.*\]);/.exec(script)![1]);
  expect(kept).toEqual(expect.arrayContaining(['/today', '/roll', '/entries', '/login']));
  // The teacher, the class, and what only a drawn Today holds: the scheme's items, the data's copy.
  const secrets = ['范嘉城', 't101', '初一(1)班', '教室地面有纸屑杂物', 'drawn-today'];
  // As the worker asks for them: the frame alone (Today without it is drawn for the teacher).
  for (const path of kept) {
    const response = await page.request.get(`${path}?shell`);
    expect(response.headers()['cache-control'], path).toBe('no-cache');
    const html = await response.text();
    for (const secret of secrets) expect(html, `${path} holds ${secret}`).not.toContain(secret);
  }
  expect((await page.request.get('/today')).headers()['cache-control']).toBe('private, no-store');
  // And what the worker holds after the teacher has used Today online.
  await openToday(page);
  const cached = await page.evaluate(async (paths) => {
    const pages = await caches.open((await caches.keys()).find((k) => k.startsWith('pages-'))!);
    return Promise.all(paths.map(async (p) => [p, (await (await pages.match(p))?.text()) ?? null] as const));
  }, kept);
  for (const [path, html] of cached) {
    expect(html, `the worker keeps ${path}`).not.toBeNull();
    for (const secret of secrets) expect(html, `the kept ${path} holds ${secret}`).not.toContain(secret);
  }
  const home = await page.request.get('/');
  expect(home.headers()['cache-control']).toBe('private, no-store');
  expect(await home.text(), 'the home page (not kept offline) does show the user').toContain('范嘉城');
  await context.close();
});

test('a visitor on Today is asked to sign in', async ({ page }) => {
  await page.goto('/today');
  await hydrated(page);
  await expect(page.getByRole('status').filter({ hasText: '请先登录' })).toBeVisible();
  await page.getByRole('link', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/login$/);
});

test('a new version is announced and taken on reload', async ({ browser }) => {
  const [context, page] = await teacherContext(browser, 't301');
  await openToday(page);
  const before = await page.evaluate(async () => await caches.keys());
  // A redeployment: the build's files change on the server (here, a newer file time).
  const hashes = fs.readFileSync(path.join(__dirname, '..', '..', 'target', 'release', 'hash.txt'), 'utf8');
  const css = /css: *(\S+)/.exec(hashes)![1];
  const later = new Date(Date.now() + 60_000);
  fs.utimesSync(path.join(__dirname, '..', '..', 'target', 'site', 'pkg', `homeroom.${css}.css`), later, later);
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
  const banner = page.getByRole('status').filter({ hasText: '新版本已就绪' });
  await expect(banner).toBeVisible({ timeout: 20_000 });
  await Promise.all([page.waitForEvent('load'), banner.getByRole('button', { name: '刷新' }).click()]);
  await hydrated(page);
  await expect(banner).toBeHidden();
  const after = await page.evaluate(async () => await caches.keys());
  expect(after).toHaveLength(2);
  expect(after.filter((k) => before.includes(k)), 'the old version\'s caches are gone').toEqual([]);
  await context.close();
});
