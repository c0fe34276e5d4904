// The phone's upload queue (BENCHMARKS.md, "Photos on the phone"): t101 records an activity
// with 9 photos offline (each through the phone's own pipeline: upright, 1600 px, JPEG 0.8,
// hashed, kept in IndexedDB), saves it, comes back online and taps 同步. Timed from the tap to
// the last photo's PUT answered, over loopback and over an emulated slow-4G uplink (Lighthouse's
// mobile profile: 150 ms round trip, 750 kbit/s up). Debian's chromium at 360×740, a fresh
// demo school; each run's photos are new to the server.
//   BENCH_URL=http://127.0.0.1:3400 node bench/photo-upload.mjs
import { chromium } from '@playwright/test';
import { cameraJpeg, signIn } from './phone.mjs';

const base = process.env.BENCH_URL ?? 'http://127.0.0.1:3400';
const PHOTOS = 9;
const LINKS = [
  { name: 'loopback', runs: 3, conditions: null },
  { name: 'slow 4G uplink', runs: 1, conditions: { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 } },
];

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
const page = await context.newPage();
await signIn(page, base, 't101');
await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
const cdp = await context.newCDPSession(page);
await cdp.send('Network.enable');

let seed = Date.now() % 100_000;
for (const link of LINKS) {
  for (let run = 0; run < link.runs; run++) {
    await context.setOffline(true);
    await page.getByRole('navigation').getByRole('link', { name: '活动' }).click();
    await page.getByRole('link', { name: '记录活动' }).click();
    await page.getByLabel('活动名称').fill(`上传测速 ${seed}`);
    const files = [];
    for (let n = 0; n < PHOTOS; n++) files.push({ name: `IMG_${n}.jpg`, mimeType: 'image/jpeg', buffer: await cameraJpeg(page, seed++) });
    await page.locator('#photo-gallery').setInputFiles(files);
    await page.locator('li.photo').nth(PHOTOS - 1).waitFor({ timeout: 120_000 });
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/\/activities\?class=/);

    const puts = [];
    const answered = new Promise((done) => page.on('requestfinished', (r) => {
      if (r.method() === 'PUT' && r.url().includes('/api/photos/')) {
        puts.push(new URL(r.url()).pathname.split('/').pop());
        if (puts.length === PHOTOS) done(Date.now());
      }
    }));
    await context.setOffline(false);
    if (link.conditions) await cdp.send('Network.emulateNetworkConditions', link.conditions);
    const started = Date.now();
    await page.getByRole('button', { name: '同步' }).click();
    const ms = (await answered) - started;
    page.removeAllListeners('requestfinished');
    if (link.conditions) await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    // What was sent is the phone's kept copy of each photo (XHR bodies are not visible here).
    const bytes = await page.evaluate((ids) => new Promise((done, fail) => {
      const open = indexedDB.open('homeroom');
      open.onerror = () => fail(open.error);
      open.onsuccess = () => {
        const store = open.result.transaction('photo').objectStore('photo');
        let total = 0, left = ids.length;
        for (const id of ids) {
          const get = store.get(id);
          get.onsuccess = () => { total += get.result?.size ?? 0; if (--left === 0) { open.result.close(); done(total); } };
          get.onerror = () => fail(get.error);
        }
      };
    }), puts);
    console.log(`${link.name}, run ${run + 1}: ${PHOTOS} photos, ${bytes} bytes (${Math.round(bytes / PHOTOS)} a photo) in ${ms} ms: ` +
      `${(PHOTOS / (ms / 1000)).toFixed(1)} photos/s, ${(bytes / 1e6 / (ms / 1000)).toFixed(2)} MB/s`);
  }
}
await browser.close();
