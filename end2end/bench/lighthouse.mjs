// Lighthouse mobile (simulated slow 4G, 4× CPU) on /login and on /today signed in as t101,
// three runs each; prints each run and the medians (BENCHMARKS.md).
// Usage (from end2end/, a server with the demo school running):
//   BENCH_URL=http://127.0.0.1:3400 node bench/lighthouse.mjs   (runs npx lighthouse@12.2.3)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signIn } from './sign-in.mjs';

const base = process.env.BENCH_URL ?? 'http://127.0.0.1:3400';
const RUNS = 3;

/** One Lighthouse run of `page`, tried again when Lighthouse fails to record the trace
 * (NO_NAVSTART, now and then with Chromium 156); its headline figures. */
function audit(page, headers, tries = 3) {
  try {
    return auditOnce(page, headers);
  } catch (e) {
    if (tries <= 1) throw e;
    return audit(page, headers, tries - 1);
  }
}

function auditOnce(page, headers) {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lh-')), 'report.json');
  execFileSync('npx', ['--yes', 'lighthouse@12.2.3', `${base}${page}`, '--quiet', '--only-categories=performance',
    '--form-factor=mobile', '--output=json', `--output-path=${out}`,
    '--chrome-path=/usr/bin/chromium', '--chrome-flags=--headless=new --no-sandbox',
    ...(headers ? [`--extra-headers=${JSON.stringify(headers)}`] : [])], { stdio: ['ignore', 'ignore', 'inherit'] });
  const report = JSON.parse(fs.readFileSync(out, 'utf8'));
  const a = report.audits;
  const observed = a.metrics.details.items[0];
  const wasm = a['network-requests'].details.items.find((r) => /\/pkg\/homeroom\.[^/]*\.wasm$/.test(r.url));
  return {
    score: report.categories.performance.score,
    lcp: Math.round(a['largest-contentful-paint'].numericValue),
    tbt: Math.round(a['total-blocking-time'].numericValue),
    fcp: Math.round(a['first-contentful-paint'].numericValue),
    bytes: a['total-byte-weight'].numericValue,
    // Lantern counts every request that ended before the observed (unthrottled) LCP.
    observedLcp: Math.round(observed.observedLargestContentfulPaint),
    wasmRequested: wasm && Math.round(wasm.networkRequestTime),
  };
}

const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];

const cookie = await signIn(base);
for (const [page, headers] of [['/login', null], ['/today', { Cookie: cookie }]]) {
  const runs = Array.from({ length: RUNS }, () => audit(page, headers));
  for (const run of runs) console.log(JSON.stringify({ page, ...run }));
  const keys = ['score', 'lcp', 'tbt', 'fcp', 'bytes'];
  console.log(JSON.stringify({ page, median: Object.fromEntries(keys.map((k) => [k, median(runs.map((r) => r[k]))])) }));
}
