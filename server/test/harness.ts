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
import { workOffFollowUps } from '../src/modules/tickets/index.ts';
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
 *
 * Ticket follow-ups run the product's way (`TICKET_FOLLOW_UPS=deferred`: recorded with the
 * change, worked off after it commits), and the harness waits for them before each answer
 * reaches the test: every request works off the follow-ups waiting when it starts and when its
 * answer is ready, in the follow-up job's own transactions, so a test sees their effects in
 * what it reads next. A test that reads the database after changing tickets through use
 * cases (no request in between) waits with `followUpsDone(ctx)`. `TICKET_FOLLOW_UPS: 'inline'`
 * keeps them in the change's transaction; an explicit `'deferred'` leaves them waiting (for
 * tests of the follow-up job itself).
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
    TICKET_FOLLOW_UPS: 'deferred',
    ...overrides,
  });
  const waitForFollowUps = overrides.TICKET_FOLLOW_UPS === undefined;
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
  if (waitForFollowUps) {
    const workOff = () => workOffFollowUps(database.db, { now: new Date() });
    // Before a request (changes a test made through use cases are followed up by then) and
    // after the handler's transaction committed, before the answer is sent.
    app.addHook('onRequest', async () => {
      await workOff();
    });
    app.addHook('onSend', async (_request, _reply, payload) => {
      await workOff();
      return payload;
    });
  }
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

/**
 * Works off the ticket follow-ups waiting now (as the worker's job does), for a test that
 * changed tickets through use cases rather than requests.
 */
export async function followUpsDone(ctx: TestContext): Promise<void> {
  await workOffFollowUps(ctx.database.db, { now: new Date() });
}

/** What an operator's Prometheus reads of the work waiting (`servicedesk_backlog{kind}` on /metrics). */
export async function backlogOnMetrics(
  ctx: TestContext,
  kind: 'follow_ups' | 'jobs' | 'sla_timers',
): Promise<number> {
  const metrics = await ctx.app.inject({ method: 'GET', url: '/metrics' });
  const line = metrics.body.split('\n').find((l) => l.startsWith(`servicedesk_backlog{kind="${kind}"}`));
  return Number(line?.split(' ')[1]);
}

/** Parses an inject() response's JSON body with the type the test expects. */
export function json<T = Record<string, unknown>>(response: LightMyRequestResponse): T {
  return response.json() as T;
}
