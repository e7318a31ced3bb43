import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, inject } from 'vitest';
import { buildApp } from '../src/app.ts';
import { type Config, loadConfig } from '../src/config.ts';
import { connectDatabase, type Database } from '../src/platform/db/database.ts';
import { EventHub } from '../src/platform/events/events.ts';

export interface TestContext {
  app: FastifyInstance;
  database: Database;
  config: Config;
  dataDir: string;
  events: EventHub;
  /** The test database's URL, for code that opens its own connections. */
  url: string;
}

/**
 * A fresh database cloned from the migrated template, and an app on it. Call once per test
 * file (at module level); everything is dropped after the file.
 */
export async function setupTestApp(
  overrides: Partial<Record<keyof Config, string>> = {},
): Promise<TestContext> {
  const serverUrl = inject('pgServerUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  await admin.connect();
  await admin.query(`create database ${name} template ${inject('templateDatabase')}`);
  await admin.end();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'servicedesk-files-'));
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    SERVE_WEB: 'false',
    RUN_WORKER: 'false',
    // Follow-ups in the request's transaction, so a test sees their effects in the response;
    // follow-ups.test.ts covers the deferred way the product runs them.
    TICKET_FOLLOW_UPS: 'inline',
    ...overrides,
  });
  const url = `${serverUrl}/${name}`;
  const database = connectDatabase(url, { poolSize: 5 });
  const events = new EventHub();
  await events.start(url, pino({ level: 'silent' }));
  const app = await buildApp({
    events,
    db: database.db,
    config,
    logger: process.env.TEST_LOG ? { level: 'error' } : false,
  });
  afterAll(async () => {
    await app.close();
    await events.stop();
    await database.close();
    await rm(dataDir, { recursive: true, force: true });
    const cleanup = new pg.Client({ connectionString: `${serverUrl}/postgres` });
    await cleanup.connect();
    await cleanup.query(`drop database if exists ${name} with (force)`);
    await cleanup.end();
  });
  return { app, database, config, dataDir, events, url };
}

/** Parses an inject() response's JSON body with the type the test expects. */
export function json<T = Record<string, unknown>>(response: LightMyRequestResponse): T {
  return response.json() as T;
}
