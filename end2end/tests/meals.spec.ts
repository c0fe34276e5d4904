import { test, expect } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { hydrated, login } from './helpers';
import { cameraJpeg } from './photos';

// A 家委会 member eats lunch with 初一(1)班 and reports it from the phone at 360 px: a bad
// rating is refused in Chinese and keeps what was typed; the report goes with a photo, which
// uploads after it. 德育处 opens 陪餐记录 from home, answers, and the member reads the answer.

test('a 陪餐 report with a photo goes to staff, and their reply comes back to the member', async ({ browser }) => {
  const member = await browser.newContext();
  const phone = await member.newPage();
  const puts: string[] = [];
  phone.on('request', (r) => { if (r.method() === 'PUT' && r.url().includes('/api/photos/')) puts.push(r.url()); });
  await login(phone, 'jiawei101');
  await phone.getByRole('navigation').getByRole('link', { name: '陪餐' }).click();
  await expect(phone).toHaveURL(/\/meals$/);
  await expect(phone.getByRole('heading', { level: 1 })).toHaveText('陪餐记录');
  await hydrated(phone);

  const note = `汤有点凉-${randomUUID().slice(0, 6)}`;
  await phone.getByRole('radio', { name: '午餐' }).check();
  await phone.getByLabel('意见和建议').fill(note);
  for (const [aspect, rating] of [['口味', 4], ['分量', 5], ['卫生', 5]] as const) {
    await phone.getByRole('radio', { name: `${aspect} ${rating} 分` }).check();
  }
  await phone.getByRole('button', { name: '提交陪餐记录' }).click();
  await expect(phone.getByRole('alert')).toContainText('温度: 超出允许范围');
  await expect(phone.getByLabel('意见和建议'), 'what was typed stays').toHaveValue(note);

  await phone.getByRole('radio', { name: '温度 2 分' }).check();
  const photo = { name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: await cameraJpeg(phone, 1200, 900, 4) };
  await phone.locator('#photo-gallery').setInputFiles([photo]);
  await expect(phone.locator('li.photo')).toHaveCount(1, { timeout: 20_000 });
  await phone.getByRole('button', { name: '提交陪餐记录' }).click();
  await expect(phone.getByRole('status').filter({ hasText: '已提交' })).toBeVisible();
  const mine = phone.getByRole('listitem').filter({ hasText: note });
  await expect(mine).toContainText('口味 4 · 分量 5 · 卫生 5 · 温度 2');
  await expect(mine).toContainText('等待学校回复');
  await expect.poll(() => puts.length, { timeout: 20_000 }).toBe(1);
  await expect(phone.getByLabel('意见和建议'), 'a fresh form for the next meal').toHaveValue('');

  const staff = await browser.newContext();
  const office = await staff.newPage();
  await login(office, 'deyu');
  await office.getByRole('link', { name: '陪餐记录' }).click();
  await expect(office).toHaveURL(/\/meals$/);
  const report = office.getByRole('listitem').filter({ hasText: note });
  await expect(report).toContainText('郑丽华');
  await expect.poll(() => report.getByRole('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 20_000 }).toBeGreaterThan(0);
  await expect(office.getByRole('button', { name: '提交陪餐记录' }), 'staff answer, they do not report').toHaveCount(0);
  const answer = '已要求食堂出餐前保温，下周复查';
  await report.getByLabel('回复（说明已采取的措施）').fill(answer);
  await report.getByRole('button', { name: '回复' }).click();
  await expect(office.getByRole('listitem').filter({ hasText: note })).toContainText(`学校回复（周德明）：${answer}`);
  await expect(office.getByRole('link', { name: '导出本月陪餐记录（.xlsx）' })).toHaveAttribute('href', /\/api\/export\/meals\.xlsx\?month=\d{4}-\d{2}$/);
  await staff.close();

  await phone.reload();
  await expect(phone.getByRole('listitem').filter({ hasText: note })).toContainText(answer);
  await expect(phone.getByRole('listitem').filter({ hasText: note }).getByRole('textbox'), 'the member cannot answer').toHaveCount(0);
  await member.close();
});
