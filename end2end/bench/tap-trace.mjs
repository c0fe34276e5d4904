// Where the taps of a sync.mjs trace (BENCH_TRACE=<file>) spend their time: for each
// "tap 保存" measure, how long the page's main thread was busy and with what, and which
// IndexedDB work ran meanwhile.
// Usage (from end2end/): node bench/tap-trace.mjs /tmp/taps.json
import { readFileSync } from 'node:fs';

const { traceEvents: events } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const names = new Map(events.filter((e) => e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args.name]));
const thread = (e) => names.get(`${e.pid}:${e.tid}`) ?? '?';

// The measures: async begin/end pairs named "tap 保存".
const begins = events.filter((e) => e.name === 'tap 保存' && (e.ph === 'b' || e.ph === 'B'));
const ends = events.filter((e) => e.name === 'tap 保存' && (e.ph === 'e' || e.ph === 'E'));
const taps = begins.map((b) => ({ start: b.ts, end: ends.find((e) => e.id === b.id && e.ts >= b.ts)?.ts ?? b.ts, pid: b.pid }));

const complete = events.filter((e) => e.ph === 'X' && e.dur > 0);
const overlap = (e, t) => Math.max(0, Math.min(e.ts + e.dur, t.end) - Math.max(e.ts, t.start));
const ms = (us) => (us / 1000).toFixed(1);

for (const [i, tap] of taps.entries()) {
  const main = complete.filter((e) => e.pid === tap.pid && thread(e) === 'CrRendererMain' && overlap(e, tap) > 0);
  const tasks = main.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');
  const busy = tasks.reduce((sum, e) => sum + overlap(e, tap), 0);
  const byName = new Map();
  for (const e of main) {
    if (['RunTask', 'ThreadControllerImpl::RunTask'].includes(e.name)) continue;
    byName.set(e.name, (byName.get(e.name) ?? 0) + overlap(e, tap));
  }
  const top = [...byName].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([n, d]) => `${n} ${ms(d)}`).join(', ');
  const idb = complete
    .filter((e) => /IndexedDB|IDB/i.test(e.name) && overlap(e, tap) > 0)
    .sort((a, b) => b.dur - a.dur)
    .slice(0, 4)
    .map((e) => `${e.name} ${ms(e.dur)} (${thread(e)})`)
    .join(', ');
  console.log(`tap ${i + 1}: ${ms(tap.end - tap.start)} ms, main thread busy ${ms(busy)} ms in ${tasks.length} tasks`);
  console.log(`  main: ${top}`);
  if (idb) console.log(`  IndexedDB: ${idb}`);
}
