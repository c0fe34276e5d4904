import { test, expect } from '@playwright/test';
import { login, hydrated, watchConsole } from './helpers';

// Every screen a role reaches, opened afresh (drawn by the server, then brought to life on the
// phone) after the phone has synced once: no hydration panic, no console error or warning.
// A screen whose server drawing and first phone drawing differ fails here.

const screens: Record<string, string[]> = {
  t101: ['/', '/today', '/roll', '/entries', '/duty', '/activities', '/activities/new', '/board', '/attendance', '/coverage', '/school-activities', '/me'],
  deyu: ['/', '/today', '/entries', '/board', '/attendance', '/scheme', '/activities', '/coverage', '/school-activities', '/themes', '/meals', '/me'],
  admin: ['/admin', '/admin/users', '/admin/terms', '/admin/import'],
  jiawei101: ['/', '/board', '/feed', '/meals', '/me'],
};

for (const [user, paths] of Object.entries(screens)) {
  test(`${user}'s screens come to life cleanly`, async ({ page }) => {
    test.setTimeout(90_000);
    await login(page, user);
    await hydrated(page);
    const problems = watchConsole(page);
    for (const path of paths) {
      await page.goto(path);
      await hydrated(page);
      await page.waitForTimeout(300);
      expect(problems, path).toEqual([]);
    }
  });
}
