// Which element is a page's largest contentful paint, and when (Lighthouse 12.2.3's own audit
// fails on Chromium 156). A fresh phone of t101's at Lighthouse's mobile width, no throttling.
// Usage (from end2end/, a server with the demo school running):
//   BENCH_URL=http://127.0.0.1:3400 node bench/lcp-element.mjs /today
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
await page.goto(base + (process.argv[2] ?? '/today'));
await page.waitForTimeout(3000);
for (const candidate of await page.evaluate(() => window.candidates)) console.log(JSON.stringify(candidate));
await browser.close();
