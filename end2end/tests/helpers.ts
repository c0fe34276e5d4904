import { expect, type Browser, type BrowserContext, type Page, type ConsoleMessage } from '@playwright/test';
import { randomUUID } from 'node:crypto';

export const DEMO_PASSWORD = 'demo1234';

/** Signs in through the login form and waits for the home screen. */
export async function login(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('账号').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL('/');
  await expect(page.getByRole('heading', { level: 2 }).first()).toContainText('您好');
}

/** Collects console warnings and errors, to fail on hydration trouble. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg: ConsoleMessage) => {
    if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  return problems;
}

/** Waits until the wasm has hydrated the page: the app marks <body> once it runs, and a
 * screen marks its <main> once it and its data run too (a lazy screen comes later). */
export async function hydrated(page: Page) {
  await page.waitForFunction(() => {
    const main = document.querySelector('main.content');
    return document.body.dataset.hydrated === 'true' && (!main || main.getAttribute('data-ready') === 'true');
  });
}

/** The class of the teacher signed in on `context`, and what a new phone of theirs pulls. */
export async function teacherClass(context: BrowserContext) {
  const client_id = randomUUID();
  const pulled = await context.request.post('/api/sync/v1/pull', { data: { client_id, cursors: {}, limit: 5000 } });
  const changes: any[] = (await pulled.json()).changes;
  const classId: string = changes.find((c) => c.table === 'student')!.fields.class_id;
  return { client_id, classId, changes };
}

/** Pushes new activities of `classId` from the phone `client_id`, as its sync would; each
 * must be applied. */
export async function pushActivities(
  context: BrowserContext,
  client_id: string,
  classId: string,
  activities: { id: string; fields: Record<string, unknown> }[],
) {
  const pushed = await context.request.post('/api/sync/v1/push', {
    data: {
      client_id,
      mutations: activities.map((a, n) => ({
        seq: n + 1, op: 'create', table: 'activity', id: a.id, client_recorded_at: new Date().toISOString(),
        fields: { class_id: classId, activity: a.fields },
      })),
    },
  });
  expect((await pushed.json()).results.map((r: any) => r.status)).toEqual(activities.map(() => 'applied'));
}

/** The routine-check item the Today journeys log. */
export const ITEM = /教室地面有纸屑杂物/;

/** The sync line's "待同步 n 条". */
export function pending(page: Page) {
  return page.locator('.syncline .pending');
}

/** Opens Today once the service worker controls the page and the first sync is done. */
export async function openToday(page: Page) {
  await page.goto('/today');
  await hydrated(page);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
  await expect(page.getByRole('button', { name: ITEM })).toBeVisible({ timeout: 20_000 });
  await expect(pending(page)).toHaveText('待同步 0 条', { timeout: 20_000 });
}

/** One staff session per browser for the server-side counts: logins are rate-limited per
 * account and address, and every journey runs from 127.0.0.1. */
const staffSessions = new WeakMap<Browser, Promise<BrowserContext>>();

function staffSession(browser: Browser): Promise<BrowserContext> {
  let session = staffSessions.get(browser);
  if (!session) {
    session = (async () => {
      const context = await browser.newContext();
      const login = await context.request.post('/api/fn/login', {
        form: { username: 'deyu', password: DEMO_PASSWORD },
        headers: { Accept: 'application/json' },
      });
      expect(login.status()).toBeLessThan(400);
      return context;
    })();
    staffSessions.set(browser, session);
  }
  return session;
}

/** How many live check entries with `note` the server holds, as a staff member pulls them. */
export async function serverCount(browser: Browser, note: string): Promise<number> {
  const context = await staffSession(browser);
  const client_id = randomUUID();
  let cursors: Record<string, number> = {};
  const rows = new Map<string, boolean>();
  for (;;) {
    const response = await context.request.post('/api/sync/v1/pull', { data: { client_id, cursors, limit: 5000 } });
    expect(response.status()).toBe(200);
    const page = await response.json();
    for (const c of page.changes) {
      if (c.table === 'check_entry' && c.fields.note === note) rows.set(c.id, !c.deleted);
    }
    cursors = page.cursors;
    if (!page.has_more) break;
  }
  return [...rows.values()].filter(Boolean).length;
}

/** Rows the phone's store holds, over every store (0 when there is no store). */
export async function phoneRows(page: Page): Promise<number> {
  return page.evaluate(async () => {
    if (!(await indexedDB.databases()).some((d) => d.name === 'homeroom')) return 0;
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const open = indexedDB.open('homeroom');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    let total = 0;
    for (const name of Array.from(db.objectStoreNames)) {
      total += await new Promise<number>((resolve) => {
        const count = db.transaction(name).objectStore(name).count();
        count.onsuccess = () => resolve(count.result);
      });
    }
    db.close();
    return total;
  });
}
