import { defineConfig, devices } from '@playwright/test';

// Browser journeys against the release build, served fresh with the demo school.
// Runs Debian's Chromium: a test tool's own browser download does not work here.
const port = Number(process.env.E2E_PORT ?? 3300);
const baseURL = `http://127.0.0.1:${port}`;
// SQLite in .e2e-data by default; E2E_DATABASE_URL (an empty PostgreSQL database) in CI.
const database = process.env.E2E_DATABASE_URL ? ` --database-url ${process.env.E2E_DATABASE_URL}` : '';
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
const phone = {
  ...devices['Pixel 5'],
  viewport: { width: 360, height: 740 },
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
  launchOptions: chromium,
};

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: { baseURL, trace: 'retain-on-failure' },
  projects: [
    { name: 'phone', use: phone, testIgnore: /nojs/ },
    { name: 'phone-no-js', use: { ...phone, javaScriptEnabled: false }, testMatch: /nojs/ },
  ],
  webServer: {
    command: `rm -rf .e2e-data && ../target/release/homeroom --data-dir .e2e-data${database} serve --seed-demo-if-empty`,
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: '../target/site',
      HOMEROOM_DEMO_PASSWORD: 'demo1234',
      RUST_LOG: 'warn',
    },
  },
});
