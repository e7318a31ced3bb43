import { defineConfig } from '@playwright/test';

/**
 * Browser journeys in Debian's Chromium (never a downloaded browser). Specs that need no
 * special server share the one started here, on its own port, data directory and embedded
 * PostgreSQL; specs that need their own (a mail catcher, a worker) start it themselves.
 */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3910);
const dataDir = '.tmp/e2e-data';

export default defineConfig({
  testDir: '.',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  // Two cores: one browser at a time keeps timings honest and the run predictable.
  workers: 1,
  fullyParallel: false,
  // One retry: a journey that fails once and passes on its retry is counted as flaky in the
  // output (to be fixed, as the lost Select clicks were), not hidden; failing twice fails the run.
  retries: 1,
  reporter: [['list']],
  outputDir: '../test-results',
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    browserName: 'chromium',
    headless: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    },
  },
  webServer: {
    command: `rm -rf ${dataDir} && node server/src/main.ts`,
    cwd: '..',
    url: `http://127.0.0.1:${E2E_PORT}/readyz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(E2E_PORT),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(Number(process.env.E2E_PG_PORT ?? 5591)),
      ADMIN_EMAIL: 'admin@e2e.example',
      ADMIN_PASSWORD: 'admin-pass-123',
      LOG_LEVEL: 'warn',
      DEMO_DATA: 'false',
      // The journeys sign people in from one address far faster than an office does.
      LOGIN_RATE_PER_MINUTE: '600',
    },
  },
});
