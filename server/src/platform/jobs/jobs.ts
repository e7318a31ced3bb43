import { sql } from 'drizzle-orm';
import {
  type Runner,
  run,
  runMigrations as runWorkerMigrations,
  type TaskList,
  Logger as WorkerLogger,
} from 'graphile-worker';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Db, Queryable } from '../db/database.ts';

/** What a job's handler is given besides its payload. */
export interface JobContext {
  db: Db;
  logger: Logger;
  /** When the job started; time-dependent jobs use this, never the clock. */
  now: Date;
}

/**
 * A durable background job: an id, a version and a payload schema (the worker re-validates
 * the payload, since the row may be older than the code), and an idempotent handler.
 */
export interface JobDefinition<P> {
  id: string;
  version: number;
  payload: z.ZodType<P>;
  run(payload: P, context: JobContext): Promise<void>;
}

export function defineJob<P>(definition: JobDefinition<P>): JobDefinition<P> {
  return definition;
}

export interface EnqueueOptions {
  runAt?: Date;
  /** A job with the same key replaces the waiting one: a moved deadline reschedules its timer. */
  jobKey?: string;
  maxAttempts?: number;
  queueName?: string;
  /** Lower runs first (graphile-worker's priority; default 0): SLA timers -10, ticket follow-ups -5, triage 5. */
  priority?: number;
}

/**
 * Adds a job in the caller's transaction (graphile_worker.add_job is SQL), so the job exists
 * exactly when the change that causes it commits.
 */
export async function enqueue<P>(
  tx: Queryable,
  job: JobDefinition<P>,
  payload: P,
  options: EnqueueOptions = {},
): Promise<void> {
  await tx.execute(sql`select graphile_worker.add_job(
    ${job.id}, ${JSON.stringify({ v: job.version, ...payload })}::json,
    queue_name => ${options.queueName ?? null}::text,
    run_at => ${options.runAt?.toISOString() ?? null}::timestamptz,
    max_attempts => ${options.maxAttempts ?? 10}::int,
    job_key => ${options.jobKey ?? null}::text,
    priority => ${options.priority ?? 0}::int)`);
}

/**
 * Asks for a debounced job (one waiting job per key, its time kept): the periodic work that
 * many changes call for, such as summing report rollups or retraining triage. A plain
 * `add_job` with a key locks that key's row until the caller commits, which serialised every
 * ticket write behind one row; this first looks for a waiting job without locking and adds
 * one only when none waits (or the one there is already running).
 */
export async function enqueueDebounced(
  tx: Queryable,
  job: { id: string; version: number },
  options: { jobKey: string; runAt: Date; maxAttempts?: number; priority?: number },
): Promise<void> {
  const waiting = await tx.execute(
    sql`select 1 from graphile_worker.jobs where key = ${options.jobKey} and locked_at is null limit 1`,
  );
  if (waiting.rows.length > 0) return;
  await tx.execute(sql`select graphile_worker.add_job(
    ${job.id}, ${JSON.stringify({ v: job.version })}::json,
    run_at => ${options.runAt.toISOString()}::timestamptz,
    max_attempts => ${options.maxAttempts ?? 5}::int,
    job_key => ${options.jobKey}::text,
    job_key_mode => 'preserve_run_at',
    priority => ${options.priority ?? 0}::int)`);
}

/** Removes a waiting job by key (a timer that no longer applies). */
export async function cancelJob(tx: Queryable, jobKey: string): Promise<void> {
  await tx.execute(sql`select graphile_worker.remove_job(${jobKey})`);
}

/** Installs or upgrades graphile-worker's own schema. */
export async function migrateJobs(pool: pg.Pool): Promise<void> {
  await runWorkerMigrations({ pgPool: pool });
}

export async function startWorker(options: {
  pool: pg.Pool;
  db: Db;
  logger: Logger;
  jobs: readonly JobDefinition<never>[];
  concurrency?: number;
}): Promise<Runner> {
  const taskList: TaskList = {};
  for (const job of options.jobs) {
    const definition = job as unknown as JobDefinition<unknown>;
    taskList[definition.id] = async (raw) => {
      const parsed = definition.payload.safeParse(raw);
      if (!parsed.success) {
        // A payload this code cannot read will not become readable by retrying.
        options.logger.error(
          { category: 'jobs', job: definition.id, issues: parsed.error.issues },
          'bad job payload',
        );
        return;
      }
      await definition.run(parsed.data, { db: options.db, logger: options.logger, now: new Date() });
    };
  }
  return run({
    pgPool: options.pool,
    taskList,
    concurrency: options.concurrency ?? 4,
    noHandleSignals: true,
    pollInterval: 1000,
    // Jobs come from code, not from a crontab file.
    parsedCronItems: [],
    logger: new WorkerLogger((scope) => (level, message, meta) => {
      const log = options.logger.child({ category: 'jobs', ...scope });
      if (level === 'error') log.error(meta ?? {}, message);
      else if (level === 'warning') log.warn(meta ?? {}, message);
      else log.debug(meta ?? {}, message);
    }),
  });
}
