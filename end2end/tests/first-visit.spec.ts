import { test, expect, type BrowserContext, type Page } from '@playwright/test';
import { login, hydrated, watchConsole, pending, ITEM, DEMO_PASSWORD } from './helpers';

// A phone's first visit: the page paints from the server's HTML and stylesheet before the
// phone's code is fetched, so on a slow connection the half-megabyte wasm never holds back the
// first paint; Today comes drawn by the server and stays while the phone's first sync fills its
// store; and a screen that holds nothing yet says it is filling, not that it is empty.

/** When the page first painted, and when its main wasm was asked for (ms since navigation). */
async function paintAndCode(page: Page) {
  await hydrated(page);
  return page.evaluate(() => {
    const paint = performance.getEntriesByName('first-contentful-paint')[0]?.startTime;
    const wasm = performance.getEntriesByType('resource').find((r) => /\/pkg\/homeroom\.[^/]*\.wasm$/.test(r.name));
    return { paint, code: wasm?.startTime, preloads: document.querySelectorAll('link[rel=preload], link[rel=modulepreload]').length };
  });
}

for (const [page_, signedIn] of [['/login', false], ['/today', true]] as const) {
  test(`${page_} paints before its code is fetched, then comes to life`, async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = watchConsole(page);
    if (signedIn) await login(page, 't101');
    await page.goto(page_);
    const { paint, code, preloads } = await paintAndCode(page);
    expect(paint, 'the page painted').toBeGreaterThan(0);
    expect(code, 'the main wasm was fetched by this page').toBeGreaterThan(0);
    expect(code!, 'the code is asked for after the first paint').toBeGreaterThanOrEqual(paint!);
    expect(preloads, 'no code is preloaded ahead of the paint').toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });
}

/** Signs `username` in through the API: the context holds the session, no page was opened. */
async function signIn(context: BrowserContext, username: string) {
  const response = await context.request.post('/api/fn/login', {
    form: { username, password: DEMO_PASSWORD },
    headers: { Accept: 'application/json' },
  });
  expect(response.status()).toBeLessThan(400);
}

/** Holds the phone's pulls back until the returned function is called. */
async function holdPulls(page: Page) {
  let release = () => {};
  const held = new Promise<void>((resolve) => { release = resolve; });
  await page.route('**/api/sync/v1/pull', async (route) => { await held; await route.continue(); });
  return release;
}

/** Notes on <html> whether any of `texts` is ever drawn, however briefly. */
async function watchFor(page: Page, texts: Record<string, string>) {
  await page.addInitScript((texts) => {
    new MutationObserver(() => {
      for (const [key, text] of Object.entries(texts)) {
        if (document.body?.textContent?.includes(text)) document.documentElement.dataset[key] = 'true';
      }
    }).observe(document, { childList: true, subtree: true, characterData: true });
  }, texts);
}

/** Waits until the phone's first sync has ended and its screen redrawn from the store. */
async function synced(page: Page) {
  await expect(page.locator('.syncline .muted')).not.toContainText('尚未同步', { timeout: 20_000 });
  await expect(pending(page)).toHaveText('待同步 0 条');
}

const seen = (page: Page, key: string) => page.evaluate((key) => document.documentElement.dataset[key], key);

test('a first visit\'s Today comes drawn by the server and stays on screen while the first sync runs', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watchConsole(page);
  const release = await holdPulls(page);
  await watchFor(page, { sawEmpty: '没有可以记录的班级', sawFilling: '第一次同步', sawLoading: '正在读取' });
  // Signed in without opening a page, so Today is the first page and no service worker serves it.
  await signIn(context, 't101');
  await page.goto('/today');
  await expect(page.getByRole('button', { name: ITEM }), 'drawn before the code runs').toBeVisible();
  await hydrated(page);
  await page.getByRole('button', { name: ITEM }).click();
  await expect(page.locator('#entry-form')).toBeVisible();
  release();
  await synced(page);
  await expect(page.getByRole('button', { name: ITEM })).toBeVisible();
  for (const key of ['sawEmpty', 'sawFilling', 'sawLoading']) {
    expect(await seen(page, key), `${key}: Today was on screen from the first paint`).toBeUndefined();
  }
  expect(problems).toEqual([]);
  await context.close();
});

test('an installed phone whose first sync is under way says so, not that there is nothing to record', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const release = await holdPulls(page);
  await watchFor(page, { sawEmpty: '没有可以记录的班级' });
  await login(page, 't101');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
  await page.goto('/today');
  await hydrated(page);
  await expect(page.getByRole('status').filter({ hasText: '第一次同步' })).toBeVisible();
  release();
  await expect(page.getByRole('button', { name: ITEM })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText('第一次同步')).toHaveCount(0);
  expect(await seen(page, 'sawEmpty'), 'the empty state was never drawn').toBeUndefined();
  await context.close();
});
