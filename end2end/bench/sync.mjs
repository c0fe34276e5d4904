// Sync benchmarks (BENCHMARKS.md), against a running server with a fresh demo school:
//  1. push throughput: 10,000 check entries over HTTP in batches of 100;
//  2. pull of those 10,000 into an empty phone (Debian's chromium, 360×740):
//     sign-in → first sync done;
//  3. tap 保存 → 已保存到本机, with the CPU throttled 4×.
// Usage (from end2end/): BENCH_URL=http://127.0.0.1:3400 node bench/sync.mjs
// BENCH_ONLY=push stops after the push (for runs alternating with the peer's); BENCH_ONLY=server
// also times pull pages of 1,000 changes from the server, over fetch, before stopping.
// BENCH_TRACE=<file> records a Chrome performance trace of the taps (open it in DevTools).
import { chromium } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { signIn } from './sign-in.mjs';

const base = process.env.BENCH_URL ?? 'http://127.0.0.1:3400';
const RECORDS = 10_000;
const TAPS = 20;
const BATCH = 100;
/** What a tap's trace shows: tasks, scripting, rendering, and IndexedDB's own work. */
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing', 'IndexedDB'];

/** POSTs JSON with the session cookie; the parsed answer. */
async function post(cookie, path, body) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${path} ${res.status} ${text}`);
  return JSON.parse(text);
}

/** Pushes RECORDS entries as t101 and reports records per second. Batches are built before
 * the clock starts and sent with Node's fetch, as the peer's benchmark does. */
async function pushAll() {
  const cookie = await signIn(base);
  const client_id = randomUUID();
  const pulled = await post(cookie, '/api/sync/v1/pull', { client_id, cursors: {}, limit: 5000 });
  const klass = pulled.changes.find((c) => c.table === 'school_class' && c.fields.grade_name === '初一' && c.fields.name.includes('(1)'));
  const item = pulled.changes.find((c) => c.table === 'check_item' && c.fields.name === '教室地面有纸屑杂物');
  // A term's worth for one class: spread over the last 100 days.
  const day = (i) => new Date(Date.now() - (i % 100) * 86_400_000).toISOString().slice(0, 10);
  const batches = [];
  for (let done = 0, seq = 0; done < RECORDS; done += BATCH) {
    batches.push(Array.from({ length: BATCH }, (_, i) => ({
      seq: ++seq, op: 'create', table: 'check_entry', id: randomUUID(), client_recorded_at: new Date().toISOString(),
      fields: { class_id: klass.id, date: day(done + i), slot: '早读', item_id: item.id, note: 'bench' },
    })));
  }
  let rejected = 0;
  const started = performance.now();
  for (const mutations of batches) {
    const answer = await post(cookie, '/api/sync/v1/push', { client_id, mutations });
    rejected += answer.results.filter((r) => r.status !== 'applied').length;
  }
  const seconds = (performance.now() - started) / 1000;
  if (rejected > 0) throw new Error(`${rejected} mutations not applied`);
  console.log(`push: ${RECORDS} records in ${seconds.toFixed(2)} s = ${(RECORDS / seconds).toFixed(0)} records/s (batches of ${BATCH}, ${(seconds * 1000 * BATCH / RECORDS).toFixed(1)} ms each)`);
  return cookie;
}

/** Pulls everything t101 sees in pages of 1,000 changes as a new phone; each page's time. */
async function pullPages(cookie) {
  const client_id = randomUUID();
  let cursors = {};
  const times = [];
  for (;;) {
    const started = performance.now();
    const page = await post(cookie, '/api/sync/v1/pull', { client_id, cursors, limit: 1000 });
    times.push(performance.now() - started);
    cursors = page.cursors;
    if (!page.has_more) break;
  }
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(1);
  console.log(`pull pages of 1,000 changes: ${times.length} pages, median ${at(0.5)} ms, p90 ${at(0.9)} ms, max ${times.at(-1).toFixed(1)} ms`);
}

/** Count of entries on the phone and whether a sync has finished, read from IndexedDB. */
async function phoneState(page) {
  return page.evaluate(async () => {
    const names = (await indexedDB.databases()).map((d) => d.name);
    if (!names.includes('homeroom')) return { entries: 0, synced: false };
    const db = await new Promise((ok, fail) => { const r = indexedDB.open('homeroom'); r.onsuccess = () => ok(r.result); r.onerror = fail; });
    if (!db.objectStoreNames.contains('meta')) { db.close(); return { entries: 0, synced: false }; }
    const tx = db.transaction(['meta', 'check_entry']);
    const get = (req) => new Promise((ok) => { req.onsuccess = () => ok(req.result); });
    const sync = await get(tx.objectStore('meta').get('sync'));
    const entries = await get(tx.objectStore('check_entry').count());
    db.close();
    return { entries, synced: !!sync && JSON.parse(sync).last_sync !== null };
  });
}

async function main() {
  const cookie = await pushAll();
  if (process.env.BENCH_ONLY === 'push') return;
  if (process.env.BENCH_ONLY === 'server') return pullPages(cookie);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel('账号').fill('t101');
  await page.getByLabel('密码').fill('demo1234');
  const started = Date.now();
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(`${base}/`);
  let state = { entries: 0, synced: false };
  while (!(state.synced && state.entries >= RECORDS)) {
    await page.waitForTimeout(100);
    state = await phoneState(page).catch(() => state);
  }
  const pullMs = Date.now() - started;
  console.log(`pull: ${state.entries} entries into an empty phone in ${(pullMs / 1000).toFixed(1)} s (sign-in to first sync done)`);

  await page.goto(`${base}/today`);
  await page.waitForFunction(() => document.body.dataset.hydrated === 'true');
  await page.getByRole('button', { name: /教室地面有纸屑杂物/ }).waitFor();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const trace = process.env.BENCH_TRACE;
  if (trace) await browser.startTracing(page, { path: trace, categories: TRACE_CATEGORIES });
  const samples = [];
  for (let i = 0; i < TAPS; i++) {
    await page.getByRole('button', { name: /教室地面有纸屑杂物/ }).click();
    await page.getByRole('button', { name: '保存', exact: true }).waitFor();
    samples.push(await page.evaluate(() => new Promise((resolve) => {
      const save = [...document.querySelectorAll('button.primary')].find((b) => b.textContent.trim() === '保存');
      const t0 = performance.now();
      const seen = new MutationObserver(() => {
        if (document.querySelector('[data-saved="true"]')) {
          seen.disconnect();
          performance.measure('tap 保存', { start: t0 });
          resolve(performance.now() - t0);
        }
      });
      seen.observe(document.body, { childList: true, subtree: true });
      save.click();
    })));
    // A teacher's next entry comes seconds later: let this one's sync finish first.
    await page.locator('.syncline .pending').filter({ hasText: '待同步 0 条' }).waitFor({ timeout: 30_000 });
    await page.waitForTimeout(500);
  }
  if (trace) await browser.stopTracing();
  samples.sort((a, b) => a - b);
  const pct = (p) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))].toFixed(0);
  console.log(`tap → 已保存到本机 (4× CPU throttle, ${RECORDS} entries on the phone, each tap after the previous sync): median ${pct(0.5)} ms, p95 ${pct(0.95)} ms, max ${samples.at(-1).toFixed(0)} ms over ${TAPS} taps`);
  await browser.close();
}

main().catch((e) => { console.error(e); process.exit(1); });
