// A fresh phone of t101's opening a page at Lighthouse's mobile width and 4× CPU: which element
// is its largest contentful paint, and when (Lighthouse 12.2.3's own audit fails on Chromium
// 156), and where the main thread's time went until the page had settled (a CPU profile;
// build with `cargo xtask site --named` for function names rather than wasm-function[n]).
// Usage (from end2end/, a server with the demo school running):
//   BENCH_URL=http://127.0.0.1:3400 node bench/first-load.mjs /today
import { chromium } from '@playwright/test';
import { signIn } from './sign-in.mjs';

const base = process.env.BENCH_URL ?? 'http://127.0.0.1:3400';
const cookie = await signIn(base);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const context = await browser.newContext({ viewport: { width: 412, height: 823 } });
await context.addCookies(cookie.split('; ').map((c) => {
  const [name, ...value] = c.split('=');
  return { name, value: value.join('='), url: base };
}));
const page = await context.newPage();
await page.addInitScript(() => {
  window.candidates = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      window.candidates.push({ ms: Math.round(e.startTime), size: e.size, element: e.element?.outerHTML.slice(0, 160) });
    }
  }).observe({ type: 'largest-contentful-paint', buffered: true });
});
const cdp = await context.newCDPSession(page);
await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
await cdp.send('Profiler.start');
await page.goto(base + (process.argv[2] ?? '/today'));
await page.waitForTimeout(3000);
const { profile } = await cdp.send('Profiler.stop');
for (const candidate of await page.evaluate(() => window.candidates)) console.log(JSON.stringify(candidate));
await browser.close();

// Time per function, counting a function once per sample however deep it recurs.
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map(profile.nodes.flatMap((n) => (n.children ?? []).map((c) => [c, n.id])));
const inclusive = new Map();
profile.samples.forEach((id, i) => {
  const seen = new Set();
  for (let at = id; at; at = parent.get(at)) {
    const name = nodes.get(at).callFrame.functionName || '(anonymous)';
    if (seen.has(name)) continue;
    seen.add(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
});
console.log('main thread, inclusive ms at 4× CPU:');
for (const [name, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 40)) {
  console.log(`${(us / 1000).toFixed(1).padStart(8)}  ${name.slice(0, 150)}`);
}
