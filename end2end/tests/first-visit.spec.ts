import { test, expect, type Page } from '@playwright/test';
import { login, hydrated, watchConsole, ITEM } from './helpers';

// A phone's first visit: the page paints from the server's HTML and stylesheet before the
// phone's code is fetched, so on a slow connection the half-megabyte wasm never holds back the
// first paint; and a phone that holds nothing yet says it is filling, not that it is empty.

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

test('a new phone says its first sync is under way, not that there is nothing to record', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  let release = () => {};
  const held = new Promise<void>((resolve) => { release = resolve; });
  await page.route('**/api/sync/v1/pull', async (route) => { await held; await route.continue(); });
  // Whether the empty state is ever drawn, however briefly.
  await page.addInitScript(() => {
    new MutationObserver(() => {
      if (document.body?.textContent?.includes('没有可以记录的班级')) document.documentElement.dataset.sawEmpty = 'true';
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
  await login(page, 't101');
  await page.goto('/today');
  await hydrated(page);
  await expect(page.getByRole('status').filter({ hasText: '第一次同步' })).toBeVisible();
  await expect(page.getByText('没有可以记录的班级')).toHaveCount(0);
  release();
  await expect(page.getByRole('button', { name: ITEM })).toBeVisible();
  await expect(page.getByText('第一次同步')).toHaveCount(0);
  expect(await page.evaluate(() => document.documentElement.dataset.sawEmpty), 'the empty state was never drawn').toBeUndefined();
  await context.close();
});
