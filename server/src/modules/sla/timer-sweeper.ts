import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import {
  type Db,
  type Tx,
  transactionByGenericPlans,
  withPreparedStatements,
} from '../../platform/db/database.ts';
import { publishingTogether } from '../../platform/events/events.ts';
import type { WorkerLoop } from '../../platform/jobs/jobs.ts';
import { CLOCK_NAMES } from './domain/policy.ts';
import type { Timers } from './recompute.ts';
import { fireTimer } from './timer-job.ts';

/** The longest a due timer waits for a sweeper that has nothing to do (ms). */
export const SWEEP_EVERY_MS = 1000;
/** Timers fired in one round before the loop looks again (bounded work between looks at `stopping`). */
const ROUND_LIMIT = 200;
/** Rows fired at once by one sweeper (connections from the pool; the old timer jobs ran in 4 slots). */
const PARALLEL = 2;
/** When every due row left is held by another sweeper: the wait before looking again (ms). */
const HELD_RETRY_MS = 200;
/**
 * A timer whose firing failed is tried again after half of how late it already is, at least
 * RETRY_MIN_MS and at most RETRY_MAX_MS: 10 s, 10 s, 20 s, 30 s, 45 s ... an hour (each wait 1.5x
 * the last, without a stored attempt count), so a timer that keeps failing neither fills the log
 * every 10 s nor stops being tried (graphile's jobs gave up after 10 attempts).
 */
const RETRY_MIN_MS = 10_000;
const RETRY_MAX_MS = 3_600_000;
/** A row still due after its timers fired (which recomputing should never leave) waits this long (ms). */
const STUCK_MS = 60_000;

export interface SweepResult {
  /** Rows claimed and fired (each in its own transaction). */
  rows: number;
  /** Timers fired (an alert given or not: fireTimer decides). */
  timers: number;
  /** Rows whose firing failed (retried later: RETRY_MIN_MS to RETRY_MAX_MS). */
  failed: number;
  /** How long until the next timer is due (ms; 0 = one is due now), or null when there is none. */
  nextInMs: number | null;
}

/**
 * Fires the SLA timers that are due (issue 18): the rows of ticket_sla whose next_timer_at has
 * come, earliest first, each claimed with `for update skip locked` in a transaction of its own,
 * so several sweepers (one per worker process) share the work and never fire a row twice; a
 * claim whose process dies rolls back and the row is simply due again. In the claiming
 * transaction every due timer of the row is fired by fireTimer, which re-reads the ticket, gives
 * each alert once and stores the clocks' next timers (moving next_timer_at on).
 */
export async function sweepDueTimers(
  db: Db,
  options: { logger?: Logger; limit?: number; parallel?: number; stopping?: () => boolean } = {},
): Promise<SweepResult> {
  const result: SweepResult = { rows: 0, timers: 0, failed: 0, nextInMs: null };
  const limit = options.limit ?? ROUND_LIMIT;
  const more = () => result.rows < limit && !options.stopping?.();
  for (;;) {
    // A look without locking (the partial index's first entry): in an idle round, the only statement.
    const next = await db.execute<{ wait_ms: number | null }>(sql`
      select (extract(epoch from min(next_timer_at) - now()) * 1000)::float8 as wait_ms
        from ticket_sla where next_timer_at is not null`);
    const waitMs = next.rows[0]?.wait_ms;
    result.nextInMs = waitMs === null || waitMs === undefined ? null : Math.max(0, Number(waitMs));
    if (result.nextInMs !== 0 || !more()) return result;
    // Due rows: claimed by `parallel` connections at once, until none is left unclaimed.
    let left = true;
    await Promise.all(
      Array.from({ length: options.parallel ?? PARALLEL }, async () => {
        while (left && more()) {
          const claimed = await fireNextRow(db, options.logger).catch((error: unknown) => {
            options.logger?.warn({ category: 'sla', err: error }, 'SLA sweeper: claim failed');
            return null;
          });
          if (claimed === null || claimed === 'none') {
            left = false;
            return;
          }
          result.rows += 1;
          if (claimed === 'failed') result.failed += 1;
          else result.timers += claimed;
        }
      }),
    );
    // The due rows left are held by other sweepers (or a claim failed): look again shortly,
    // not at once (that would spin while another sweeper fires them).
    if (!left) return { ...result, nextInMs: HELD_RETRY_MS };
  }
}

/** Claims the earliest due row and fires its due timers: the number fired, 'failed', or 'none'. */
async function fireNextRow(db: Db, logger: Logger | undefined): Promise<number | 'failed' | 'none'> {
  let ticketId: number | null = null;
  try {
    // Generic plans: the firing's statements go by ticket, policy, team or user key, the breach
    // actions' update of the ticket included (routing's load query names its statuses in its
    // text), so one plan a statement serves every row; planning them for each row was most of a
    // storm's cost (docs/performance.md, stop 35).
    return await transactionByGenericPlans(db, async (tx) => {
      const claim = await tx.execute<{ ticket_id: number; timers: Timers | null; now_ms: number }>(sql`
        select ticket_id, timers, (extract(epoch from now()) * 1000)::float8 as now_ms
          from ticket_sla where next_timer_at <= now()
         order by next_timer_at limit 1 for update skip locked`);
      const row = claim.rows[0];
      if (!row) return 'none';
      const id = Number(row.ticket_id);
      ticketId = id;
      // The live events of the row's alerts and clocks in one statement, in the order published.
      return publishingTogether(tx, () => fireRow(tx, id, row.timers, Number(row.now_ms), logger));
    });
  } catch (error) {
    if (ticketId === null) throw error;
    // The firing rolled back: the row is due again, a little later (not at once, in a loop).
    logger?.error({ category: 'sla', ticketId, err: error }, 'SLA timer failed; trying again later');
    await db.execute(sql`
      update ticket_sla set next_timer_at = now() + least(
               ${RETRY_MAX_MS} * interval '1 millisecond',
               greatest(${RETRY_MIN_MS} * interval '1 millisecond',
                        (now() - (select min((e.value ->> 'runAt')::timestamptz) from jsonb_each(timers) e)) / 2))
       where ticket_id = ${ticketId} and next_timer_at <= now()`);
    return 'failed';
  }
}

/**
 * Fires a claimed row's due timers, earliest first, and any that firing makes due at once (a
 * breach right after its warning); at most one firing per clock, kind and cycle.
 */
async function fireRow(
  tx: Tx,
  ticketId: number,
  claimed: Timers | null,
  nowMs: number,
  logger: Logger | undefined,
): Promise<number> {
  const done = new Set<string>();
  let timers = claimed;
  for (let round = 0; round < 2 * CLOCK_NAMES.length; round += 1) {
    const due = CLOCK_NAMES.flatMap((clock) => {
      const timer = timers?.[clock];
      if (!timer || Date.parse(timer.runAt) > nowMs) return [];
      const key = `${clock}:${timer.cycle}:${timer.kind}`;
      return done.has(key) ? [] : [{ clock, timer, key }];
    }).sort((a, b) => Date.parse(a.timer.runAt) - Date.parse(b.timer.runAt));
    const first = due[0];
    if (!first) break;
    done.add(first.key);
    const runAt = Date.parse(first.timer.runAt);
    // Never judged earlier than its time (as the job was started when the database clock reached run_at).
    await fireTimer(tx, { ticketId, clock: first.clock, ...first.timer }, Math.max(Date.now(), runAt));
    const after = await tx.execute<{ timers: Timers | null }>(sql`
      select timers from ticket_sla where ticket_id = ${ticketId} and next_timer_at <= now()`);
    if (after.rows.length === 0) return done.size;
    timers = after.rows[0]?.timers ?? null;
  }
  // Still due after firing what was due: recomputing left a timer it should have moved on.
  // Not fired again in a loop; looked at again later (and logged, for a person to look into).
  logger?.warn({ category: 'sla', ticketId, timers }, 'SLA timers still due after firing; retried later');
  await tx.execute(sql`
    update ticket_sla set next_timer_at = now() + ${STUCK_MS} * interval '1 millisecond'
     where ticket_id = ${ticketId} and next_timer_at <= now()`);
  return done.size;
}

/** The sweeper as a loop of every worker process: a round fires what is due, then waits for the next. */
export const slaTimerSweeper: WorkerLoop = {
  id: 'sla.timers',
  everyMs: SWEEP_EVERY_MS,
  async round({ db, logger, stopping }) {
    // Each row's firing sends the same few dozen statements (the ticket's SLA read, its clocks'
    // upsert, the alert, its notification and audit event): prepared once per connection, they
    // are not parsed and planned again for every row (an outage's storm: docs/performance.md).
    const result = await withPreparedStatements(() => sweepDueTimers(db, { logger, stopping }));
    return result.nextInMs;
  },
};
