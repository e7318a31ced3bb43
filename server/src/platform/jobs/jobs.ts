import { EventEmitter } from 'node:events';
import { type SQL, sql } from 'drizzle-orm';
import {
  type Runner,
  run,
  runMigrations as runWorkerMigrations,
  type TaskList,
  type WorkerEvents,
  Logger as WorkerLogger,
  type WorkerPool,
} from 'graphile-worker';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { type Db, type Queryable, sendWithNext } from '../db/database.ts';

/** What a job's handler is given besides its payload. */
export interface JobContext {
  db: Db;
  logger: Logger;
  /** When the job started; time-dependent jobs use this, never the clock. */
  now: Date;
}

/**
 * What a job is, without its handler: an id, a version and a payload schema. Code that only
 * enqueues a job (and must not import its handler's module) uses the spec.
 */
export interface JobSpec<P> {
  id: string;
  /** Written into every payload (`v`); the worker refuses a payload of another version. */
  version: number;
  payload: z.ZodType<P>;
}

/**
 * A durable background job: a spec (the worker re-validates the payload, since the row may be
 * older than the code) and an idempotent handler.
 */
export interface JobDefinition<P> extends JobSpec<P> {
  run(payload: P, context: JobContext): Promise<void>;
}

export function jobSpec<P>(spec: JobSpec<P>): JobSpec<P> {
  return spec;
}

export function defineJob<P>(definition: JobDefinition<P>): JobDefinition<P> {
  return definition;
}

export interface EnqueueOptions {
  runAt?: Date;
  /** A job with the same key replaces the waiting one: a moved deadline reschedules its timer. */
  jobKey?: string;
  /** `preserve_run_at`: a job added again under its key keeps the waiting job's time. */
  jobKeyMode?: 'replace' | 'preserve_run_at';
  maxAttempts?: number;
  queueName?: string;
  /** Lower runs first (graphile-worker's priority; default 0): ticket follow-ups -5, triage 5. */
  priority?: number;
}

/** The stored payload: the version, then the fields, checked against the schema first. */
function storedPayload<P>(job: JobSpec<P>, payload: P): string {
  const parsed = job.payload.safeParse(payload);
  if (!parsed.success) {
    throw new Error(`job ${job.id}: payload does not match its schema: ${parsed.error.message}`);
  }
  return JSON.stringify({ v: job.version, ...(payload as object) });
}

/**
 * Adds a job in the caller's transaction (graphile_worker.add_job is SQL), so the job exists
 * exactly when the change that causes it commits. The one way to add a job.
 */
export async function enqueue<P>(
  tx: Queryable,
  job: JobSpec<P>,
  payload: P,
  options: EnqueueOptions = {},
): Promise<void> {
  await tx.execute(sql`select graphile_worker.add_job(
    ${job.id}, ${storedPayload(job, payload)}::json,
    queue_name => ${options.queueName ?? null}::text,
    run_at => ${options.runAt?.toISOString() ?? null}::timestamptz,
    max_attempts => ${options.maxAttempts ?? 10}::int,
    job_key => ${options.jobKey ?? null}::text,
    priority => ${options.priority ?? 0}::int,
    job_key_mode => ${options.jobKeyMode ?? 'replace'}::text)`);
}

/**
 * Many jobs of one kind in one statement (graphile_worker.add_jobs): the outbox's mails of a batch.
 * `alongside`: a data-modifying statement (an insert or upsert) run in the same statement as a
 * WITH query, to completion, with or without jobs to add: the caller's write and its jobs in one
 * round trip.
 */
export async function enqueueMany<P>(
  tx: Queryable,
  job: JobSpec<P>,
  entries: readonly { payload: P; runAt?: Date; jobKey?: string }[],
  options: { maxAttempts?: number; priority?: number; alongside?: SQL } = {},
): Promise<void> {
  if (entries.length === 0) {
    if (options.alongside) await tx.execute(options.alongside);
    return;
  }
  const alongside = options.alongside ? sql`with alongside as (${options.alongside}) ` : sql``;
  const specs = entries.map((entry) => ({
    payload: JSON.parse(storedPayload(job, entry.payload)) as unknown,
    run_at: entry.runAt?.toISOString() ?? null,
    job_key: entry.jobKey ?? null,
  }));
  await tx.execute(sql`${alongside}select count(*) from graphile_worker.add_jobs(array(
    select row(${job.id}::text, s.payload, null::text, s.run_at, ${options.maxAttempts ?? 10}::smallint,
               s.job_key, ${options.priority ?? 0}::smallint, null::text[])::graphile_worker.job_spec
      from json_to_recordset(${JSON.stringify(specs)}::json)
        as s(payload json, run_at timestamptz, job_key text)))`);
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
  job: JobSpec<Record<string, unknown>>,
  options: {
    jobKey: string;
    runAt: Date;
    maxAttempts?: number;
    priority?: number;
    /**
     * A data-modifying statement (an insert) to run in the same statement, as a WITH query
     * (run once and to completion whether or not a job is added): the caller's write and the
     * request for its job in one round trip.
     */
    alongside?: SQL;
    /** An advisory lock key taken shared in the same statement, held until the caller commits. */
    hold?: number;
    /**
     * Sent in the same message as the caller's next statement or its COMMIT when it can be
     * (`sendWithNext`: a transaction of `transactionByGenericPlans`), a round trip fewer: for a
     * write whose result nobody reads.
     */
    withNext?: boolean;
  },
): Promise<void> {
  const alongside = options.alongside ? sql`with alongside as (${options.alongside}) ` : sql``;
  // Taken whether or not a job is added (a WHERE on the look would skip it when a job waits).
  const held =
    options.hold === undefined ? sql`` : sql`pg_advisory_xact_lock_shared(${options.hold}::bigint), `;
  // One statement: the look and the add (add_job runs only when no job waits under the key).
  const statement = sql`${alongside}select ${held}case
    when not exists (select 1 from graphile_worker.jobs where key = ${options.jobKey} and locked_at is null)
    then (select graphile_worker.add_job(
      ${job.id}, ${storedPayload(job, {})}::json,
      run_at => ${options.runAt.toISOString()}::timestamptz,
      max_attempts => ${options.maxAttempts ?? 5}::int,
      job_key => ${options.jobKey}::text,
      priority => ${options.priority ?? 0}::int,
      job_key_mode => 'preserve_run_at')) end`;
  if (options.withNext && sendWithNext(tx, statement)) return;
  await tx.execute(statement);
}

/** Removes a waiting job by key (a timer that no longer applies). */
export async function cancelJob(tx: Queryable, jobKey: string): Promise<void> {
  await tx.execute(sql`select graphile_worker.remove_job(${jobKey})`);
}

/** A payload the worker refused: its job stays in the queue as permanently failed. */
export class BadJobPayload extends Error {
  constructor(jobId: string, reason: string) {
    super(`job ${jobId}: ${reason}`);
    this.name = 'BadJobPayload';
  }
}

/** The payload as the job's code reads it, or why it cannot: another version, or a bad field. */
export function readPayload<P>(
  job: JobSpec<P>,
  raw: unknown,
): { ok: true; data: P } | { ok: false; reason: string } {
  const version = (raw as { v?: unknown } | null)?.v;
  if (version !== job.version) {
    return { ok: false, reason: `payload version ${JSON.stringify(version)}, expected ${job.version}` };
  }
  const parsed = job.payload.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: `invalid payload: ${parsed.error.message}` };
  return { ok: true, data: parsed.data };
}

/** Installs or upgrades graphile-worker's own schema. */
export async function migrateJobs(pool: pg.Pool): Promise<void> {
  await runWorkerMigrations({ pgPool: pool });
}

/**
 * Extra worker slots for some jobs, only while they lag (issue 18): a second runner that takes
 * only `tasks`, started while the oldest of their due jobs has waited longer than `lagMs`, and
 * stopped (after its running jobs) once none of them is due. A burst that the regular slots
 * keep up with never starts it; a sustained overload does, and then those jobs take a larger
 * share of the machine from the requests (the intake slows instead of the backlog growing).
 */
export interface WorkerBoost {
  tasks: readonly string[];
  slots: number;
  lagMs: number;
  /** How often the lag is looked at (one statement). */
  everyMs?: number;
}

/** How long the oldest due job of these tasks has waited (ms), or null when none is due. */
export async function oldestDueMs(pool: pg.Pool, tasks: readonly string[]): Promise<number | null> {
  const result = await pool.query<{ lag: number | null }>(
    `select (extract(epoch from now() - min(j.run_at)) * 1000)::float8 as lag
       from graphile_worker._private_jobs j
      where j.is_available and j.run_at <= now()
        and j.task_id in (select id from graphile_worker._private_tasks where identifier = any($1::text[]))`,
    [tasks],
  );
  const lag = result.rows[0]?.lag;
  return lag === null || lag === undefined ? null : Number(lag);
}

/**
 * Wakes one idle slot per "new jobs" notification, and another each time a slot takes a job
 * (issue 18). graphile-worker wakes up to as many idle slots as the notification counts jobs,
 * each asking PostgreSQL for one; but `add_jobs` counts the jobs it adds whether or not they
 * are due, and every ticket's SLA timers were added that way, due hours later (until they became
 * rows that a sweeper fires, issue 18): every intake
 * transaction woke all the idle slots for as many fetches that found nothing (0.25 statements
 * a ticket in a burst). Woken one after another instead, the slots take due jobs as fast (each
 * slot that takes one wakes the next at once), and a notification of jobs not yet due costs one
 * fetch. Jobs that become due later are found by the poll, as before.
 */
export function wakeOneSlotAtATime(events: WorkerEvents): void {
  events.on('pool:create', ({ workerPool }) => {
    const nudge = workerPool.nudge.bind(workerPool);
    // Once the pool stops, a slot that has ended must not be nudged (graphile-worker asserts it:
    // a job that started during a SIGTERM's shutdown logged "nudge called after worker terminated").
    let stopping = false;
    const stop = (event: { workerPool: WorkerPool }) => {
      if (event.workerPool === workerPool) stopping = true;
    };
    events.on('pool:gracefulShutdown', stop);
    events.on('pool:forcefulShutdown', stop);
    events.on('pool:release', stop);
    workerPool.nudge = (count: number) => nudge(Math.min(count, 1));
    events.on('job:start', () => {
      if (!stopping) nudge(1);
    });
  });
}

/**
 * Work a worker process does in a loop of its own rather than as queued jobs (issue 18: the SLA
 * timer sweeper, which fires due rows of a table instead of one job per row). Every worker
 * process runs each loop; a round must therefore be safe to run in several processes at once
 * (claim rows with `for update skip locked`).
 */
export interface WorkerLoop {
  id: string;
  /** The longest wait between rounds (ms). */
  everyMs: number;
  /**
   * One round. Returns how long to wait before the next (ms; capped at `everyMs`, 0 = at once),
   * or null for `everyMs`. `stopping()` turns true when the worker stops: a round ends after
   * the piece of work in hand.
   */
  round(context: { db: Db; logger: Logger; stopping: () => boolean }): Promise<number | null>;
}

/** Runs a loop until stopped; `stop` waits for the round in progress. */
export function startLoop(
  loop: WorkerLoop,
  context: { db: Db; logger: Logger },
): { stop: () => Promise<void> } {
  let stopped = false;
  let wake: (() => void) | null = null;
  const running = (async () => {
    while (!stopped) {
      let waitMs: number | null = null;
      try {
        waitMs = await loop.round({ ...context, stopping: () => stopped });
      } catch (error) {
        context.logger.warn({ category: 'jobs', loop: loop.id, err: error }, 'worker loop: round failed');
      }
      if (stopped) break;
      const ms = Math.max(0, Math.min(waitMs ?? loop.everyMs, loop.everyMs));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      (wake as (() => void) | null)?.();
      await running;
    },
  };
}

export interface WorkerOptions {
  pool: pg.Pool;
  db: Db;
  logger: Logger;
  jobs: readonly JobDefinition<never>[];
  /** Loops every worker process runs beside the job queue (WorkerLoop). */
  loops?: readonly WorkerLoop[];
  concurrency?: number;
  boost?: WorkerBoost;
}

export async function startWorker(options: WorkerOptions): Promise<Runner> {
  const runner = await startQueue(options);
  const loops = (options.loops ?? []).map((loop) =>
    startLoop(loop, { db: options.db, logger: options.logger }),
  );
  if (loops.length === 0) return runner;
  const stopQueue = runner.stop;
  runner.stop = async (reason?: string) => {
    await Promise.all([...loops.map((loop) => loop.stop()), stopQueue(reason)]);
  };
  return runner;
}

async function startQueue(options: Omit<WorkerOptions, 'loops'>): Promise<Runner> {
  const taskList: TaskList = {};
  for (const job of options.jobs) {
    const definition = job as unknown as JobDefinition<unknown>;
    taskList[definition.id] = async (raw, helpers) => {
      const payload = readPayload(definition, raw);
      if (!payload.ok) {
        // Retrying cannot make this payload readable: keep the job, failed for good, with
        // the reason as its last_error, for an operator to inspect.
        options.logger.error(
          { category: 'jobs', job: definition.id, jobId: helpers.job.id, reason: payload.reason },
          'job refused: bad payload',
        );
        await helpers.withPgClient((client) =>
          client.query('update graphile_worker._private_jobs set max_attempts = attempts where id = $1', [
            helpers.job.id,
          ]),
        );
        throw new BadJobPayload(definition.id, payload.reason);
      }
      await definition.run(payload.data, { db: options.db, logger: options.logger, now: new Date() });
    };
  }
  const runnerOf = (tasks: TaskList, concurrency: number) => {
    const events: WorkerEvents = new EventEmitter();
    wakeOneSlotAtATime(events);
    return run({
      pgPool: options.pool,
      events,
      taskList: tasks,
      concurrency,
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
  };
  const runner = await runnerOf(taskList, options.concurrency ?? 4);
  const boost = options.boost;
  if (!boost || boost.slots < 1) return runner;
  const boostTasks: TaskList = Object.fromEntries(
    boost.tasks.flatMap((id) => (taskList[id] ? [[id, taskList[id]]] : [])),
  );
  let extra: Runner | null = null;
  /** The look at the lag in progress, if any (one at a time; `stop` waits for it). */
  let adapting: Promise<void> | null = null;
  let stopped = false;
  const look = async () => {
    try {
      const lag = await oldestDueMs(options.pool, boost.tasks);
      if (stopped) return;
      if (!extra && lag !== null && lag > boost.lagMs) {
        extra = await runnerOf(boostTasks, boost.slots);
        options.logger.info(
          { category: 'jobs', lagMs: Math.round(lag), slots: boost.slots },
          'worker boost on',
        );
      } else if (extra && lag === null) {
        const done = extra;
        extra = null;
        await done.stop();
        options.logger.info({ category: 'jobs' }, 'worker boost off');
      }
    } catch (error) {
      options.logger.warn({ category: 'jobs', err: error }, 'worker boost: could not look at the lag');
    }
  };
  const timer = setInterval(() => {
    if (adapting || stopped) return;
    adapting = look().finally(() => {
      adapting = null;
    });
  }, boost.everyMs ?? 1000);
  const stopMain = runner.stop;
  runner.stop = async (reason?: string) => {
    stopped = true;
    clearInterval(timer);
    await adapting;
    const running = extra as Runner | null;
    extra = null;
    await Promise.all([running?.stop(reason), stopMain(reason)]);
  };
  return runner;
}
