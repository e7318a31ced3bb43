import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { type Db, type Tx, withPreparedStatements } from '../../platform/db/database.ts';
import { idArray } from '../../platform/db/id-array.ts';
import { defineJob } from '../../platform/jobs/jobs.ts';
import {
  FOLLOW_UP_JOB,
  FOLLOW_UP_WRITERS_LOCK,
  runFollowUps,
  scheduleFollowUps,
  type TicketChange,
} from './ticket-hooks.ts';

/** The advisory lock key of the follow-up taker ('tkfu' as a number). */
const FOLLOW_UP_LOCK = 0x746b6675;
/** A run that found another taking its turn asks for a run this much later (issue 18). */
const BUSY_RETRY_MS = 500;
/** A failed change is tried again after this long. */
const RETRY_AFTER_MS = 60_000;
/** Changes followed up in one transaction. */
const BATCH = 200;
/** Batches per job run; a longer backlog continues in the next run. */
const BATCHES_PER_RUN = 25;
/** A change whose follow-ups failed this often is left for an operator (with its error). */
export const MAX_FOLLOW_UP_ATTEMPTS = 5;

interface ChangeRow extends Record<string, unknown> {
  id: number;
  change: TicketChange & { at: string | Date };
}

const revive = (row: ChangeRow): TicketChange => ({ ...row.change, at: new Date(row.change.at) });

/**
 * One taker at a time, so that changes are followed up in order even when two runs of the job
 * overlap. A transaction-scoped advisory lock: a worker that dies mid-batch releases it with its
 * connection (a named graphile-worker queue would stay locked for hours). `wait: false` does not
 * queue behind the other taker (issue 18: a burst's overlapping runs held worker slots and pool
 * connections for seconds each, waiting) and answers whether the turn was taken.
 */
async function takeTurn(tx: Tx, wait = true): Promise<boolean> {
  if (wait) {
    await tx.execute(sql`select pg_advisory_xact_lock(${FOLLOW_UP_LOCK})`);
    return true;
  }
  const result = await tx.execute<{ ok: boolean }>(
    sql`select pg_try_advisory_xact_lock(${FOLLOW_UP_LOCK}) as ok`,
  );
  return result.rows[0]?.ok === true;
}

/** A batch of waiting changes, or null when another taker has the turn and `wait` is false. */
async function takeBatch(tx: Tx, limit: number, wait: boolean): Promise<ChangeRow[] | null> {
  if (!(await takeTurn(tx, wait))) return null;
  const result = await tx.execute<ChangeRow>(sql`
    select id, change from ticket_follow_ups where attempts < ${MAX_FOLLOW_UP_ATTEMPTS}
     order by id limit ${limit} for update skip locked`);
  return result.rows;
}

async function forget(tx: Tx, rows: readonly ChangeRow[]): Promise<void> {
  await tx.execute(sql`delete from ticket_follow_ups where id = any(${idArray(rows.map((r) => r.id))})`);
}

/**
 * Works off the recorded ticket changes, oldest first: a batch per transaction, every
 * follow-up over the whole batch. When a batch fails, its changes are followed up one at a
 * time, so that one bad change cannot hold back the others; the bad one keeps its error and
 * is tried again later. Returns how many changes were followed up.
 *
 * `wait: false` (the job): when another run has the turn, this one returns at once and asks for
 * a run a moment later instead of waiting. The other run goes on until nothing is left, and a
 * change it could no longer see (committed just after its last batch was taken) is what the
 * later run is for: no change is left without a run to follow it up.
 */
export async function workOffFollowUps(
  db: Db,
  options: { now: Date; logger?: Logger; batches?: number; wait?: boolean },
): Promise<number> {
  const wait = options.wait ?? true;
  let done = 0;
  for (let round = 0; round < (options.batches ?? BATCHES_PER_RUN); round++) {
    const taken = await db
      .transaction(async (tx) => {
        const rows = await takeBatch(tx, BATCH, wait);
        if (rows === null) {
          await scheduleFollowUps(tx, { laterAt: new Date(Date.now() + BUSY_RETRY_MS) });
          return null;
        }
        await runFollowUps(tx, rows.map(revive));
        await forget(tx, rows);
        return rows.length;
      })
      .catch(async (error: unknown) => {
        options.logger?.warn({ err: error }, 'a batch of ticket follow-ups failed; following up one by one');
        return oneByOne(db, options);
      });
    if (taken === null) return done;
    done += taken;
    if (taken < BATCH) {
      // Nothing more to see; but a change recorded by a transaction still open is invisible
      // here, and may have asked for no run because this one was waiting: a run follows later.
      if (!(await noWriterInFlight(db)))
        await db.transaction((tx) =>
          scheduleFollowUps(tx, { laterAt: new Date(Date.now() + BUSY_RETRY_MS) }),
        );
      return done;
    }
  }
  // More is waiting: the next run continues (other jobs get their turn in between).
  await db.transaction((tx) => scheduleFollowUps(tx));
  return done;
}

/**
 * Whether no transaction that recorded changes is still open: each holds the writers' lock
 * shared until it commits (its locks go after its changes are visible), so an exclusive lock
 * taken now would be refused. Taken and let go in one statement: a writer's next record waits
 * for microseconds at most.
 */
async function noWriterInFlight(db: Db): Promise<boolean> {
  const result = await db.execute<{ free: boolean }>(sql`select case
      when pg_try_advisory_lock(${FOLLOW_UP_WRITERS_LOCK}::bigint)
      then pg_advisory_unlock(${FOLLOW_UP_WRITERS_LOCK}::bigint) else false end as free`);
  return result.rows[0]?.free === true;
}

async function oneByOne(db: Db, { now, logger }: { now: Date; logger?: Logger }): Promise<number> {
  const ids = await db.execute<{ id: number }>(sql`
    select id from ticket_follow_ups where attempts < ${MAX_FOLLOW_UP_ATTEMPTS} order by id limit ${BATCH}`);
  let done = 0;
  let failed = false;
  for (const { id } of ids.rows) {
    try {
      await db.transaction(async (tx) => {
        await takeTurn(tx);
        const rows = (
          await tx.execute<ChangeRow>(sql`
          select id, change from ticket_follow_ups where id = ${id} for update skip locked`)
        ).rows;
        await runFollowUps(tx, rows.map(revive));
        await forget(tx, rows);
      });
      done += 1;
    } catch (error) {
      logger?.error({ err: error, followUpId: id }, 'ticket follow-up failed');
      const message = error instanceof Error ? error.message : String(error);
      await db.execute(sql`update ticket_follow_ups
         set attempts = attempts + 1, last_error = ${message.slice(0, 2000)} where id = ${id}`);
      failed = true;
    }
  }
  if (failed) {
    await db.transaction((tx) =>
      scheduleFollowUps(tx, { retryAt: new Date(now.getTime() + RETRY_AFTER_MS) }),
    );
  }
  return done;
}

/**
 * At start: asks for a run if changes are waiting (the process that recorded them may have
 * stopped before its job ran, or died while running it).
 */
export async function resumeFollowUps(db: Db): Promise<void> {
  const waiting = await db.execute(
    sql`select 1 from ticket_follow_ups where attempts < ${MAX_FOLLOW_UP_ATTEMPTS} limit 1`,
  );
  if (waiting.rows.length > 0) await db.transaction((tx) => scheduleFollowUps(tx));
}

export const followUpJob = defineJob<Record<string, unknown>>({
  ...FOLLOW_UP_JOB,
  async run(_payload, { db, logger, now }) {
    // The follow-ups' many small statements, like the ticket writes', are planned once.
    await withPreparedStatements(() => workOffFollowUps(db, { now, logger, wait: false }));
  },
});
