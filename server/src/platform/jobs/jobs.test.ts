import { EventEmitter } from 'node:events';
import { sql } from 'drizzle-orm';
import type { Job, Worker, WorkerEvents, WorkerPluginContext, WorkerPool } from 'graphile-worker';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { setupTestApp } from '../../../test/harness.ts';
import {
  defineJob,
  enqueue,
  enqueueDebounced,
  enqueueMany,
  type JobDefinition,
  jobSpec,
  readPayload,
  startWorker,
  wakeOneSlotAtATime,
} from './jobs.ts';

const ctx = await setupTestApp();
const db = ctx.database.db;

const seen: number[] = [];
const noteJob = defineJob<{ n: number }>({
  id: 'test.note',
  version: 2,
  payload: z.object({ n: z.number().int() }),
  async run(payload) {
    seen.push(payload.n);
  },
});

/** What pino wrote at error level, as parsed lines. */
const errors: Record<string, unknown>[] = [];
const logger = pino(
  { level: 'error' },
  {
    write(line: string) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      if (entry.category === 'jobs' && entry.job === 'test.note') errors.push(entry);
    },
  },
);

type JobRow = {
  attempts: number;
  max_attempts: number;
  last_error: string | null;
};

async function jobByKey(key: string): Promise<JobRow | undefined> {
  const result = await db.execute<JobRow>(
    sql`select attempts, max_attempts, last_error from graphile_worker.jobs where key = ${key}`,
  );
  return result.rows[0];
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  let value = await read();
  for (let i = 0; i < 80 && !done(value); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    value = await read();
  }
  return value;
}

describe('enqueue', () => {
  it('writes the version into the payload and refuses a payload its schema refuses', async () => {
    await db.transaction((tx) =>
      enqueue(tx, noteJob, { n: 1 }, { jobKey: 'note-ok', runAt: new Date(Date.now() + 3_600_000) }),
    );
    const row = await db.execute<{ payload: unknown }>(
      sql`select payload from graphile_worker._private_jobs where key = 'note-ok'`,
    );
    expect(row.rows[0]?.payload).toEqual({ v: 2, n: 1 });
    await expect(
      db.transaction((tx) => enqueue(tx, noteJob, { n: 'one' } as unknown as { n: number })),
    ).rejects.toThrow(/test.note: payload does not match/);
    await expect(db.transaction((tx) => enqueueMany(tx, noteJob, [{ payload: { n: 1.5 } }]))).rejects.toThrow(
      /test.note: payload does not match/,
    );
    await db.execute(sql`select graphile_worker.remove_job('note-ok')`);
  });

  it('reads back only payloads of its own version that match the schema', () => {
    expect(readPayload(noteJob, { v: 2, n: 3 })).toEqual({ ok: true, data: { n: 3 } });
    expect(readPayload(noteJob, { v: 1, n: 3 })).toMatchObject({
      ok: false,
      reason: 'payload version 1, expected 2',
    });
    expect(readPayload(noteJob, { n: 3 })).toMatchObject({
      ok: false,
      reason: 'payload version undefined, expected 2',
    });
    expect(readPayload(noteJob, { v: 2, n: 'x' })).toMatchObject({ ok: false });
    expect(readPayload(noteJob, null)).toMatchObject({ ok: false });
  });
});

describe('a debounced job', () => {
  it('is added only when none waits under its key, keeps the waiting one’s time, and is added again while one runs', async () => {
    const spec = jobSpec<Record<string, unknown>>({
      id: 'test.debounced',
      version: 1,
      payload: z.object({}),
    });
    const first = new Date(Date.now() + 3_600_000);
    const jobs = () =>
      db.execute<{ key: string | null; run_at: string; locked: boolean; payload: unknown; priority: number }>(
        sql`select key, run_at, locked_at is not null as locked, payload, priority from graphile_worker._private_jobs j
              join graphile_worker._private_tasks t on t.id = j.task_id
             where t.identifier = 'test.debounced' order by j.id`,
      );
    await db.transaction((tx) =>
      enqueueDebounced(tx, spec, { jobKey: 'debounced', runAt: first, maxAttempts: 7, priority: -5 }),
    );
    // The write alongside runs whether or not a job is added.
    await db.execute(sql`create table debounced_writes (n int not null)`);
    await db.transaction((tx) =>
      enqueueDebounced(tx, spec, {
        jobKey: 'debounced',
        runAt: new Date(Date.now() + 60_000),
        priority: -5,
        alongside: sql`insert into debounced_writes (n) select generate_series(1, ${3}::int)`,
      }),
    );
    const written = await db.execute<{ n: number }>(sql`select count(*)::int as n from debounced_writes`);
    expect(written.rows[0]?.n).toBe(3);
    let rows = (await jobs()).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ key: 'debounced', locked: false, payload: { v: 1 }, priority: -5 });
    expect(new Date(rows[0]?.run_at ?? 0).getTime()).toBe(first.getTime());
    // A worker took it: the next change asks for another run.
    await db.execute(
      sql`update graphile_worker._private_jobs set locked_at = now(), locked_by = 'test' where key = 'debounced'`,
    );
    await db.transaction((tx) => enqueueDebounced(tx, spec, { jobKey: 'debounced', runAt: new Date() }));
    rows = (await jobs()).rows;
    expect(rows.map((r) => r.locked)).toEqual([true, false]);
    await db.execute(sql`delete from graphile_worker._private_jobs j using graphile_worker._private_tasks t
      where t.id = j.task_id and t.identifier = 'test.debounced'`);
  });
});

describe('the worker', () => {
  const worker = startWorker({
    pool: ctx.database.pool,
    db,
    logger,
    jobs: [noteJob as JobDefinition<never>],
    concurrency: 1,
  });
  afterAll(async () => (await worker).stop());

  it('runs a good job, and keeps a job of another version or with a bad payload as failed for good, logged', async () => {
    await worker;
    // Rows as an older (or newer) release of the code would have left them.
    await db.execute(
      sql`select graphile_worker.add_job('test.note', '{"v":1,"n":7}'::json, job_key => 'note-v1', max_attempts => 10)`,
    );
    await db.execute(
      sql`select graphile_worker.add_job('test.note', '{"v":2,"n":"x"}'::json, job_key => 'note-bad', max_attempts => 10)`,
    );
    await db.transaction((tx) => enqueue(tx, noteJob, { n: 42 }, { jobKey: 'note-good' }));

    const good = await until(
      () => jobByKey('note-good'),
      (row) => row === undefined,
    );
    expect(good).toBeUndefined();
    expect(seen).toEqual([42]);

    for (const key of ['note-v1', 'note-bad']) {
      const failed = await until(
        () => jobByKey(key),
        (row) => row?.last_error != null,
      );
      // Kept, with its reason, and never tried again (attempts reached max_attempts).
      expect(failed).toMatchObject({ attempts: 1, max_attempts: 1 });
      expect(failed?.last_error).toMatch(
        key === 'note-v1' ? /payload version 1, expected 2/ : /invalid payload/,
      );
    }
    expect(errors.map((e) => e.msg)).toEqual(['job refused: bad payload', 'job refused: bad payload']);
    expect(seen).toEqual([42]);
  });
});

describe('the worker’s boost (issue 18)', () => {
  it('adds slots for the boosted jobs only while they lag, and takes them away when none is due', async () => {
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let blocking = false;
    const blockJob = defineJob<Record<string, never>>({
      id: 'test.block',
      version: 1,
      payload: z.object({}),
      async run() {
        blocking = true;
        await released;
        blocking = false;
      },
    });
    const done: number[] = [];
    const ranWhileBlocked: boolean[] = [];
    const lateJob = defineJob<{ n: number }>({
      id: 'test.late',
      version: 1,
      payload: z.object({ n: z.number().int() }),
      async run(payload) {
        ranWhileBlocked.push(blocking);
        done.push(payload.n);
      },
    });
    const messages: string[] = [];
    const boostLogger = pino(
      { level: 'info' },
      {
        write(line: string) {
          const entry = JSON.parse(line) as { msg: string };
          if (entry.msg.startsWith('worker boost')) messages.push(entry.msg);
        },
      },
    );
    const runner = await startWorker({
      pool: ctx.database.pool,
      db,
      logger: boostLogger,
      jobs: [blockJob as JobDefinition<never>, lateJob as JobDefinition<never>],
      concurrency: 1,
      boost: { tasks: ['test.late'], slots: 2, lagMs: 300, everyMs: 100 },
    });
    try {
      // The one regular slot is taken by a long job.
      await db.transaction((tx) => enqueue(tx, blockJob, {}));
      await until(
        async () => blocking,
        (b) => b,
      );
      expect(blocking).toBe(true);
      await db.transaction((tx) =>
        enqueueMany(
          tx,
          lateJob,
          [1, 2, 3].map((n) => ({ payload: { n } })),
        ),
      );
      // They wait longer than the lag allows: the extra slots run them while the regular one is busy.
      await until(
        async () => done.length,
        (n) => n === 3,
      );
      expect(done.sort()).toEqual([1, 2, 3]);
      expect(ranWhileBlocked).toEqual([true, true, true]);
      expect(messages[0]).toBe('worker boost on');
      // None due any more: the extra slots are taken away.
      await until(
        async () => messages.length,
        (n) => n === 2,
      );
      expect(messages).toEqual(['worker boost on', 'worker boost off']);
    } finally {
      release();
      await runner.stop();
    }
  });
});

describe('waking the worker’s slots (issue 18)', () => {
  it('wakes one idle slot per notification of new jobs, and the next each time a slot takes a job', () => {
    const events: WorkerEvents = new EventEmitter();
    wakeOneSlotAtATime(events);
    const asked: number[] = [];
    const workerPool = {
      nudge(count: number) {
        asked.push(count);
      },
    } as unknown as WorkerPool;
    const ctx = {} as WorkerPluginContext;
    events.emit('pool:create', { ctx, workerPool });
    // A transaction's twenty SLA timers, due hours later: one slot looks, not twenty.
    workerPool.nudge(20);
    expect(asked).toEqual([1]);
    // That slot found a job: the next idle slot looks at once.
    events.emit('job:start', { ctx, worker: {} as Worker, job: {} as Job });
    expect(asked).toEqual([1, 1]);
    // Once the pool shuts down (SIGTERM), a job that starts does not nudge the slots that ended.
    events.emit('pool:gracefulShutdown', { ctx, pool: workerPool, workerPool, message: 'stop' });
    events.emit('job:start', { ctx, worker: {} as Worker, job: {} as Job });
    expect(asked).toEqual([1, 1]);
  });
});
