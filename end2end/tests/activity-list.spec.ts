import { test, expect } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { login, pushActivities, teacherClass } from './helpers';

// 德育处 looks across the school's activities at 360 px: 全校活动 from home, filtered to one
// class's volunteering (a plain form, so the filters stay in the address), and a tap opens
// the record.

test('staff filter the school\'s activities by class and kind and open one', async ({ browser }) => {
  const teacher = await browser.newContext();
  const phone = await teacher.newPage();
  await login(phone, 't103');
  const { client_id, classId } = await teacherClass(teacher);
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  const tag = randomUUID().slice(0, 6);
  const made = [['volunteering', `敬老院志愿服务-${tag}`], ['themed_meeting', `感恩班会-${tag}`]].map(([kind, title]) => ({
    id: randomUUID(), kind, title,
  }));
  await pushActivities(teacher, client_id, classId, made.map((a) => ({
    id: a.id,
    fields: { title: a.title, kind: a.kind, date: today, participants: { type: 'whole_class' } },
  })));
  await teacher.close();

  const staff = await browser.newContext();
  const page = await staff.newPage();
  await login(page, 'deyu');
  await page.getByRole('link', { name: '全校活动' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('全校活动');
  await expect(page.getByRole('link', { name: new RegExp(made[1].title) })).toBeVisible();
  await page.getByLabel('班级').selectOption({ label: '初一(3)班' });
  await page.getByLabel('活动类型').selectOption({ label: '志愿服务' });
  await page.getByRole('button', { name: '筛选' }).click();
  await expect(page).toHaveURL(/kind=volunteering/);
  await expect(page).toHaveURL(new RegExp(`class=${classId}`));
  const line = page.getByRole('link', { name: new RegExp(made[0].title) });
  await expect(line).toContainText('初一(3)班');
  await expect(page.getByRole('link', { name: new RegExp(made[1].title) })).toHaveCount(0);
  await expect(page.getByLabel('活动类型')).toHaveValue('volunteering');
  await line.click();
  await expect(page).toHaveURL(`/activities/${made[0].id}`);
  await staff.close();
});
