import { test, expect, Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { login, openToday, pending } from './helpers';
import { CAMERA_SECRETS, cameraJpeg } from './photos';

// A teacher with no signal records a class meeting with three photos straight from a phone's
// camera (sideways, with EXIF and a GPS position). The phone turns them upright, shrinks them,
// drops the EXIF and keeps them, so after a reload, still offline, they are there. Tagging a
// student whose guardian keeps photos inside the school blocks sharing, naming the student.
// Back online the photos upload with progress, each once, and the class's 家委会 member sees them.

/** The bytes of every photo the phone keeps, read from its IndexedDB. */
async function keptPhotos(page: Page): Promise<number[][]> {
  return page.evaluate(() => new Promise<number[][]>((done, fail) => {
    const open = indexedDB.open('homeroom');
    open.onerror = () => fail(open.error);
    open.onsuccess = () => {
      const all = open.result.transaction('photo').objectStore('photo').getAll();
      all.onerror = () => fail(all.error);
      all.onsuccess = async () => {
        const blobs: Blob[] = all.result;
        done(await Promise.all(blobs.map(async (b) => [...new Uint8Array(await b.arrayBuffer())])));
        open.result.close();
      };
    };
  }));
}

/** The colour at (`x`, `y`), as fractions of the width and height, of the photo an image shows. */
async function colourAt(page: Page, img: string, x: number, y: number): Promise<string> {
  return page.locator(img).evaluate((el: HTMLImageElement, [x, y]) => {
    const canvas = document.createElement('canvas');
    [canvas.width, canvas.height] = [el.naturalWidth, el.naturalHeight];
    const g = canvas.getContext('2d')!;
    g.drawImage(el, 0, 0);
    const [r, , b] = g.getImageData(Math.floor(el.naturalWidth * x), Math.floor(el.naturalHeight * y), 1, 1).data;
    return r > 150 && b < 100 ? 'red' : b > 150 && r < 100 ? 'blue' : `rgb(${r},?,${b})`;
  }, [x, y]);
}

test('a class meeting with three camera photos is kept offline, upright and without EXIF, then uploads with progress', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const puts: string[] = [];
  page.on('request', (r) => { if (r.method() === 'PUT' && r.url().includes('/api/photos/')) puts.push(r.url()); });
  await login(page, 't101');
  await openToday(page);
  const files = [
    await cameraJpeg(page, 1200, 900, 1),
    await cameraJpeg(page, 1200, 900, 2),
    await cameraJpeg(page, 4000, 3000, 3),
  ].map((buffer, n) => ({ name: `IMG_000${n + 1}.jpg`, mimeType: 'image/jpeg', buffer }));

  await context.setOffline(true);
  await expect(page.getByRole('status').filter({ hasText: '离线' })).toBeVisible();
  await page.getByRole('navigation').getByRole('link', { name: '活动' }).click();
  await page.getByRole('link', { name: '记录活动' }).click();
  const name = `安全主题班会-${randomUUID().slice(0, 6)}`;
  await page.getByLabel('活动名称').fill(name);
  await page.getByLabel('活动类型').selectOption({ label: '主题班会' });

  await page.locator('#photo-gallery').setInputFiles(files);
  const photos = page.locator('li.photo');
  await expect(photos).toHaveCount(3, { timeout: 20_000 });
  await expect(photos.locator('.photo-state')).toHaveText(['保存后上传', '保存后上传', '保存后上传']);
  await expect(page.getByRole('group', { name: /照片（3\/9）/ })).toBeVisible();

  // Kept small, upright (the red half was the stored top: it is now on the right) and without EXIF.
  const first = 'li.photo >> nth=0 >> img';
  await expect.poll(() => page.locator(first).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(900);
  expect(await page.locator(first).evaluate((img: HTMLImageElement) => img.naturalHeight)).toBe(1200);
  expect(await colourAt(page, first, 0.9, 0.5)).toBe('red');
  expect(await colourAt(page, first, 0.1, 0.5)).toBe('blue');
  const big = 'li.photo >> nth=2 >> img';
  await expect.poll(() => page.locator(big).evaluate((img: HTMLImageElement) => img.naturalHeight)).toBe(1600);
  expect(await page.locator(big).evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1200);
  const kept = await keptPhotos(page);
  expect(kept).toHaveLength(3);
  for (const bytes of kept) {
    const text = Buffer.from(bytes).toString('latin1');
    for (const secret of CAMERA_SECRETS) expect(text).not.toContain(secret);
    expect(bytes.length).toBeLessThan(400_000);
  }

  // A tagged student whose guardian keeps photos inside the school blocks sharing, by name.
  await page.locator('li.photo').first().locator('summary').click();
  const student = page.locator('li.photo').first().locator('label.student').first();
  const studentName = (await student.innerText()).split(' ').pop()!;
  await student.locator('input').check();
  await page.getByLabel(/分享给家委会/).check();
  await expect(page.getByRole('status').filter({ hasText: '未同意照片对外公开' })).toContainText(studentName);
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('alert')).toContainText(studentName);
  await student.locator('input').uncheck();
  await expect(page.getByText('未同意照片对外公开'), 'the warning and the refusal go once untagged').toHaveCount(0);
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page).toHaveURL(/\/activities\?class=/);
  await expect(pending(page)).toHaveText('待同步 1 条');

  // Reloaded, still offline: the photos are on the phone, waiting.
  await page.reload();
  await page.getByRole('link', { name: new RegExp(name) }).click();
  await expect(photos).toHaveCount(3);
  await expect(photos.locator('.photo-state')).toHaveText(['在本机，等待上传', '在本机，等待上传', '在本机，等待上传']);
  for (let n = 0; n < 3; n++) {
    await expect.poll(() => photos.nth(n).locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  }
  expect(puts).toHaveLength(0);

  // Online over a slow uplink: each photo shows how far it has got, then that it is on the server.
  await context.setOffline(false);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 50, downloadThroughput: -1, uploadThroughput: 64 * 1024 });
  await page.getByRole('button', { name: '同步' }).click();
  await expect(photos.locator('.photo-state').filter({ hasText: /上传中 \d+%/ }).first()).toBeVisible({ timeout: 20_000 });
  await expect(photos.locator('.photo-state')).toHaveText(['已上传', '已上传', '已上传'], { timeout: 60_000 });
  await expect(pending(page)).toHaveText('待同步 0 条');
  expect(puts).toHaveLength(3);
  await context.close();

  // The class's 家委会 member sees the three photos, and no name.
  const parent = await browser.newContext();
  const feed = await parent.newPage();
  await login(feed, 'jiawei101');
  await feed.goto('/feed');
  const card = feed.getByRole('listitem', { name });
  await expect(card.getByRole('img')).toHaveCount(3);
  for (let n = 0; n < 3; n++) {
    await expect.poll(() => card.getByRole('img').nth(n).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  }
  expect(await feed.locator('main').innerText()).not.toContain(studentName);
  await parent.close();
});
