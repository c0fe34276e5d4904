// The phone's photo pipeline (BENCHMARKS.md, "Photos on the phone"): a 4000×3000 camera JPEG
// picked in the activity form, with the CPU throttled 4×, until the photo (turned upright,
// shrunk to 1600 px, re-encoded, hashed and kept in IndexedDB) shows in the form. Debian's
// chromium at 360×740, t101 of a fresh demo school.
//   BENCH_URL=http://127.0.0.1:3400 node bench/photo-phone.mjs
import { chromium } from '@playwright/test';

const base = process.env.BENCH_URL ?? 'http://127.0.0.1:3400';
const RUNS = 7;

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
const page = await context.newPage();
await page.goto(`${base}/login`);
await page.getByLabel('账号').fill('t101');
await page.getByLabel('密码').fill('demo1234');
await page.getByRole('button', { name: '登录' }).click();
await page.waitForURL(`${base}/`);
await page.goto(`${base}/today`);
await page.locator('main.content[data-ready="true"]').waitFor();
await page.getByRole('navigation').getByRole('link', { name: '活动' }).click();
await page.getByRole('link', { name: '记录活动' }).click();
await page.locator('#photo-gallery').waitFor({ state: 'attached' });

/** A camera-sized JPEG made by the browser: a gradient with a coloured patch per seed. */
async function cameraJpeg(seed) {
  const bytes = await page.evaluate(async (seed) => {
    const canvas = document.createElement('canvas');
    [canvas.width, canvas.height] = [4000, 3000];
    const g = canvas.getContext('2d');
    const gradient = g.createLinearGradient(0, 0, 4000, 3000);
    gradient.addColorStop(0, '#2a7'); gradient.addColorStop(1, `hsl(${seed * 53}, 60%, 45%)`);
    g.fillStyle = gradient; g.fillRect(0, 0, 4000, 3000);
    for (let i = 0; i < 400; i++) {
      g.fillStyle = `hsl(${(i * 37 + seed) % 360}, 50%, 50%)`;
      g.fillRect((i * 997) % 4000, (i * 613) % 3000, 120, 90);
    }
    const blob = await new Promise((done) => canvas.toBlob(done, 'image/jpeg', 0.92));
    return [...new Uint8Array(await blob.arrayBuffer())];
  }, seed);
  return Buffer.from(bytes);
}

const cdp = await context.newCDPSession(page);
const times = [];
for (let run = 0; run < RUNS; run++) {
  const buffer = await cameraJpeg(run);
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
