import { expect, type Page, type ConsoleMessage } from '@playwright/test';

export const DEMO_PASSWORD = 'demo1234';

/** Signs in through the login form and waits for the home screen. */
export async function login(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('账号').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL('/');
  await expect(page.getByRole('heading', { level: 2 }).first()).toContainText('您好');
}

/** Collects console warnings and errors, to fail on hydration trouble. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg: ConsoleMessage) => {
    if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  return problems;
}

/** Waits until the wasm has hydrated the page: the app marks <body> once it runs, and a
 * screen marks its <main> once it and its data run too (a lazy screen comes later). */
export async function hydrated(page: Page) {
  await page.waitForFunction(() => {
    const main = document.querySelector('main.content');
    return document.body.dataset.hydrated === 'true' && (!main || main.getAttribute('data-ready') === 'true');
  });
}
