import { test, expect } from '@playwright/test';
import { login, hydrated, watchConsole, phoneRows, ITEM } from './helpers';

// An installed phone opens each offline screen for the first time with no network: the
// service worker keeps every screen's chunk and shell at install, and the data is on the phone.

test('Today, 点名 and 记录 open offline for the first time after install', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watchConsole(page);
  const fetched: string[] = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await login(page, 't101');
  await hydrated(page);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
  // The first sync has filled the phone when two looks a second apart agree.
  let rows = -1;
  await expect
    .poll(async () => {
      const now = await phoneRows(page);
      const settled = now > 0 && now === rows;
      rows = now;
      return settled;
    }, { timeout: 20_000, intervals: [1_000] })
    .toBe(true);
  expect(fetched.filter((p) => /^\/(today|roll|entries)$/.test(p)), 'none of the three was opened online').toEqual([]);

  await context.setOffline(true);
  await page.goto('/today');
  await hydrated(page);
  await expect(page.getByRole('button', { name: ITEM })).toBeVisible();

  await page.goto('/roll');
  await hydrated(page);
  await expect(page.locator('li.roll-line').first()).toBeVisible();

  await page.goto('/entries');
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('检查记录');
  // The phone's records of the class, or its empty state: read from the phone, not loading.
  await expect(page.locator('main.content li.entry, main.content p.empty').first()).toBeVisible();
  expect(problems.filter((p) => !p.includes('net::ERR_INTERNET_DISCONNECTED')), 'no script errors').toEqual([]);
  await context.close();
});
