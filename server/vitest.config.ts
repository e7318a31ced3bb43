import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    // The web app's own unit tests (its API client) run here too, in Node.
    include: ['server/**/*.test.ts', 'web/src/**/*.test.ts'],
    globalSetup: ['server/test/global-setup.ts'],
    // Every module's error codes, also for tests that build no app.
    setupFiles: ['server/test/setup-errors.ts'],
    // Each file gets its own database cloned from a migrated template; files run in parallel.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
