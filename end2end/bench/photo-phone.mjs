// The phone's photo pipeline (BENCHMARKS.md, "Photos on the phone"): a 4000×3000 camera JPEG
// picked in the activity form, with the CPU throttled 4×, until the photo (turned upright,
// shrunk to 1600 px, re-encoded, hashed and kept in IndexedDB) shows in the form. Debian's
// chromium at 360×740, t101 of a fresh demo school.
//   BENCH_URL=http://127.0.0.1:3400 node bench/photo-phone.mjs
import { chromium } from '@playwright/test';
import { cameraJpeg, signIn } from './phone.mjs';

const base = process.env.BENCH_URL ?? 'http://127.0.0.1:3400';
const RUNS = 7;

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
const page = await context.newPage();
await signIn(page, base, 't101');
await page.getByRole('navigation').getByRole('link', { name: '活动' }).click();
await page.getByRole('link', { name: '记录活动' }).click();
await page.locator('#photo-gallery').waitFor({ state: 'attached' });

const cdp = await context.newCDPSession(page);
const times = [];
for (let run = 0; run < RUNS; run++) {
  const buffer = await cameraJpeg(page, run);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const started = Date.now();
  await page.locator('#photo-gallery').setInputFiles({ name: `IMG_${run}.jpg`, mimeType: 'image/jpeg', buffer });
  await page.locator('li.photo img').first().evaluate((img) => new Promise((done) => {
    const check = () => (img.complete && img.naturalWidth > 0 ? done() : setTimeout(check, 5));
    check();
  }));
  times.push(Date.now() - started);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  console.log(`run ${run + 1}: ${buffer.length} bytes in, ${times.at(-1)} ms to the kept photo on screen`);
  await page.locator('li.photo').first().getByRole('button', { name: '删除' }).click();
  await page.locator('li.photo').waitFor({ state: 'detached' });
}
times.sort((a, b) => a - b);
console.log(`photo pipeline at 4× CPU: median ${times[Math.floor(RUNS / 2)]} ms, min ${times[0]}, max ${times.at(-1)} (${RUNS} runs)`);
await browser.close();
