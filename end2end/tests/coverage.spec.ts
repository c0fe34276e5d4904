import { test, expect } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { hydrated, login, pushActivities, teacherClass } from './helpers';

// The moral-education office checks the demo school's 安全教育月 (fire and traffic lessons
// required) at 360 px: 初三(4)班 shows 未开展 for both, its teacher records a fire lesson, and
// the grid shows 已开展 with the day, which opens the record on the staff phone.

test("staff see a class's required safety lesson flip from 未开展 to 已开展 and open the record", async ({ browser }) => {
  const teacher = await browser.newContext();
  const phone = await teacher.newPage();
  await login(phone, 't304');
  const { client_id, classId } = await teacherClass(teacher);
  const themes = await teacher.request.post('/api/sync/v1/pull', {
    data: { client_id: randomUUID(), cursors: {}, limit: 5000, tables: ['monthly_theme'] },
  });
  const theme = (await themes.json()).changes.find((c: any) => c.table === 'monthly_theme' && c.fields.theme.startsWith('安全教育月'))!.fields;
  const month: string = theme.month;
  const heldOn = `${month.slice(0, 8)}10`;

  const staff = await browser.newContext();
  const page = await staff.newPage();
  await login(page, 'deyu');
  await page.goto('/activities');
  await hydrated(page);
  // The first sync redraws the list under the finger: a tap on the link it replaced is lost,
  // so tap again until the coverage screen opens.
  await expect(async () => {
    if (!page.url().endsWith('/coverage')) await page.getByRole('link', { name: '各班开展情况' }).click();
    await expect(page).toHaveURL(/\/coverage$/, { timeout: 5_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('活动开展情况');
  await page.goto(`/coverage?month=${month}`);
  const grid = page.getByRole('region', { name: theme.theme });
  const row = grid.getByRole('row', { name: /初三\(4\)班/ });
  await expect(grid.getByRole('columnheader')).toHaveText(['班级', '安全教育·消防', '安全教育·交通']);
  await expect(row.getByRole('cell')).toHaveText(['未开展', '未开展']);
  await expect(page.getByRole('link', { name: '导出本月开展情况（.xlsx）' })).toHaveAttribute('href', `/api/export/coverage.xlsx?month=${month.slice(0, 7)}`);

  const activityId = randomUUID();
  await pushActivities(teacher, client_id, classId, [{
    id: activityId,
    fields: {
      title: '消防安全课', kind: 'safety', safety: 'fire', date: heldOn, domains: ['moral'],
      participants: { type: 'whole_class' },
    },
  }]);
  await teacher.close();

  await page.reload();
  await expect(row.getByRole('cell')).toHaveText([`已开展 ${heldOn.slice(5)}`, '未开展']);
  await row.getByRole('link', { name: `已开展 ${heldOn.slice(5)}` }).click();
  await expect(page).toHaveURL(`/activities/${activityId}`);
  await expect(page.getByLabel('活动名称')).toHaveValue('消防安全课', { timeout: 20_000 });
  await staff.close();
});
