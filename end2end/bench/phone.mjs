// What the phone benchmarks share: signing a user of the demo school in, and a camera-sized
// JPEG made by the browser.

/** Signs `username` in on `page` at `base` and opens Today once it has run. */
export async function signIn(page, base, username) {
  await page.goto(`${base}/login`);
  await page.getByLabel('账号').fill(username);
  await page.getByLabel('密码').fill('demo1234');
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(`${base}/`);
  await page.goto(`${base}/today`);
  await page.locator('main.content[data-ready="true"]').waitFor();
}

/** A 4000×3000 JPEG made by the browser: a gradient with coloured patches, different per seed. */
export async function cameraJpeg(page, seed) {
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
