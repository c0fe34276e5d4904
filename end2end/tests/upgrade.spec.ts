import { test, expect, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { login, hydrated, serverCount, ITEM, pending, openToday } from './helpers';

// A phone updated from an earlier build keeps what it holds: the outbox it saved offline is
// sent, once, and no row is skipped. The earlier build is the one before per-table cursors:
// IndexedDB version 5 with a store for each of the first six tables, one cursor per scope.

const PREVIOUS_VERSION = 5;
const PREVIOUS_STORES = [
  'meta', 'outbox', 'rejected', 'sent', 'entry_day',
  'school_class', 'check_item', 'student', 'check_entry', 'check_appeal', 'attendance',
];

/** Every store of the phone's database as [key, value] pairs (values are JSON text). */
async function readStore(page: Page): Promise<{ version: number; stores: Record<string, [string, string][]> }> {
  return page.evaluate(async () => {
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const open = indexedDB.open('homeroom');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const stores: Record<string, [string, string][]> = {};
    for (const name of Array.from(db.objectStoreNames)) {
      const store = db.transaction(name).objectStore(name);
      const [keys, values] = await Promise.all(
        [store.getAllKeys(), store.getAll()].map(
          (r) => new Promise<any[]>((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); }),
        ),
      );
      stores[name] = keys.map((k, i) => [String(k), values[i]]);
    }
    const version = db.version;
    db.close();
    return { version, stores };
  });
}

/** Replaces the phone's database with what the previous build kept of the same data. */
async function writePreviousBuildStore(page: Page, stores: Record<string, [string, string][]>) {
  const meta = new Map(stores.meta);
  const sync = JSON.parse(meta.get('sync')!);
  const perScope: Record<string, number> = {};
  for (const [key, seq] of Object.entries(sync.cursors as Record<string, number>)) {
    const scope = key.split('/')[0];
    perScope[scope] = Math.max(perScope[scope] ?? 0, seq);
  }
  meta.set('sync', JSON.stringify({ ...sync, cursors: perScope }));
  const old = { ...stores, meta: [...meta.entries()] };
  await page.evaluate(async ({ old, version, names }) => {
    const done = (r: IDBRequest | IDBOpenDBRequest) =>
      new Promise<any>((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
    await done(indexedDB.deleteDatabase('homeroom'));
    const open = indexedDB.open('homeroom', version);
    open.onupgradeneeded = () => { for (const name of names) open.result.createObjectStore(name); };
    const db: IDBDatabase = await done(open);
    const tx = db.transaction(names, 'readwrite');
    for (const name of names) {
      for (const [key, value] of old[name] ?? []) tx.objectStore(name).put(value, key);
    }
    await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); });
    db.close();
  }, { old, version: PREVIOUS_VERSION, names: PREVIOUS_STORES });
}

test('a phone updated from the build before per-table cursors sends its outbox once and skips no row', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await login(page, 't101');
  await openToday(page);

  const note = `upgrade-${randomUUID()}`;
  await context.setOffline(true);
  for (let i = 0; i < 3; i++) {
    await page.getByRole('button', { name: ITEM }).click();
    await page.getByLabel('备注（可选）').fill(note);
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await expect(page.locator('[data-saved="true"]')).toHaveText('已保存到本机');
  }
  await expect(pending(page)).toHaveText('待同步 3 条');

  // Leave the app (a page outside it holds no connection), and put the earlier build's store in place.
  await context.setOffline(false);
  await page.goto('/healthz');
  const before = await readStore(page);
  expect(before.stores.outbox).toHaveLength(3);
  const entriesBefore = before.stores.check_entry.length;
  await writePreviousBuildStore(page, before.stores);

  // The update: this build opens the earlier store, sends the outbox and pulls on per-table cursors.
  await page.goto('/today');
  await hydrated(page);
  await expect(page.locator('.entry').filter({ hasText: note })).toHaveCount(3, { timeout: 20_000 });
  await expect(pending(page)).toHaveText('待同步 0 条', { timeout: 20_000 });
  await expect(page.locator('.entry[data-state="pending"]')).toHaveCount(0);

  await page.goto('/healthz');
  const after = await readStore(page);
  expect(after.version).toBeGreaterThanOrEqual(PREVIOUS_VERSION);
  expect(after.stores.outbox).toHaveLength(0);
  expect(after.stores.rejected).toHaveLength(0);
  expect(after.stores.check_entry).toHaveLength(entriesBefore);
  expect(await serverCount(browser, note)).toBe(3);
  for (const name of PREVIOUS_STORES.slice(5)) {
    const ids = new Set(after.stores[name].map(([key]) => key));
    for (const [key] of before.stores[name]) expect(ids.has(key), `${name} ${key}`).toBe(true);
  }
  const cursors = Object.keys(JSON.parse(new Map(after.stores.meta).get('sync')!).cursors);
  expect(cursors.length).toBeGreaterThan(0);
  expect(cursors.every((key) => key.includes('/')), cursors.join(' ')).toBe(true);
  await context.close();
});
