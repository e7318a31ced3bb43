import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Queryable, Tx } from '../../platform/db/database.ts';
import { idArray } from '../../platform/db/id-array.ts';
import { defineJob, enqueueDebounced, type JobSpec, jobSpec } from '../../platform/jobs/jobs.ts';
import { loadResolutionSettings } from '../resolution/index.ts';
import { addDays, localDay, startOfLocalDay } from './calendar.ts';
import { recordRollupTimezone } from './rollup-read.ts';
import { dayRuns, markDaysDirty, materializeRollups } from './rollups.ts';

const JOB_KEY = 'reports.rollups';
const NIGHTLY_KEY = 'reports.rollups_nightly';
/** Days summed per job run; a backlog of dirty days is worked off in several runs. */
const DAYS_PER_RUN = 62;
/** The nightly pass sums again the last days, for changes that touch no ticket (SLA timers). */
const NIGHTLY_DAYS = 35;

/**
 * Adds the rollup job unless one is already waiting (`enqueueDebounced`): a busy desk neither
 * postpones it forever nor makes every ticket write wait on one job row.
 */
async function addKeyedJob(tx: Queryable, job: JobSpec<Record<string, unknown>>, key: string, runAt: Date) {
  await enqueueDebounced(tx, job, { jobKey: key, runAt });
}

const rollupJobSpec = jobSpec<Record<string, unknown>>({
  id: 'reports.rollups',
  version: 1,
  payload: z.object({}),
});
const nightlyRollupJobSpec = jobSpec<Record<string, unknown>>({
  id: 'reports.rollups_nightly',
  version: 1,
  payload: z.object({}),
});

export async function scheduleRollups(tx: Queryable, now: Date = new Date()): Promise<void> {
  await addKeyedJob(tx, rollupJobSpec, JOB_KEY, new Date(now.getTime() + 5_000));
}

/** The advisory lock key of the rollup job ('rprl' as a number): one run sums at a time. */
const ROLLUP_LOCK = 0x7270726c;
/**
 * After a run that took d, the next starts no sooner than this many times d later (issue 18):
 * summing a day costs what the day holds, so on a day of a storm's hundred thousand tickets a
 * run every 5 s would take most of a core; reports stay exact meanwhile, because a day with a
 * mark is computed from the facts when read.
 */
const GAP_FACTOR = 4;

/**
 * Sums the dirty days (the oldest first, a bounded number per run); returns the days done.
 * Reads the marks without locking them and deletes exactly those after summing their days: a
 * change made meanwhile adds a mark of its own and waits for nothing (issue 18: the marks of a
 * day's hundred thousand tickets waited on one row the run held deleted for seconds). Another
 * run summing at the same time: this one asks for a later run and sums nothing.
 */
export async function sumDirtyDays(tx: Tx, now: Date): Promise<string[]> {
  const turn = await tx.execute<{ ok: boolean }>(sql`select pg_try_advisory_xact_lock(${ROLLUP_LOCK}) as ok`);
  if (turn.rows[0]?.ok !== true) {
    await scheduleRollups(tx, now);
    return [];
  }
  const { reportTimezone: tz } = await loadResolutionSettings(tx);
  const marks = await tx.execute<{ id: number; day: string }>(sql`
    select id, to_char(day, 'YYYY-MM-DD') as day from report_dirty_days
     where day in (select distinct day from report_dirty_days order by day limit ${DAYS_PER_RUN})`);
  const days = [...new Set(marks.rows.map((r) => r.day))];
  for (const [from, to] of dayRuns(days)) await materializeRollups(tx, from, to, tz);
  await recordRollupTimezone(tx, tz);
  await removeMarks(tx, marks.rows);
  const left = await tx.execute(sql`select 1 from report_dirty_days limit 1`);
  if (left.rows.length > 0) await scheduleRollups(tx, now);
  await addKeyedJob(tx, nightlyRollupJobSpec, NIGHTLY_KEY, nextNight(now, tz));
  return days;
}

/** Removes the dirty-day marks read before summing their days (a mark made since stays). */
async function removeMarks(tx: Queryable, marks: readonly { id: number }[]): Promise<void> {
  if (marks.length > 0)
    await tx.execute(sql`delete from report_dirty_days where id = any(${idArray(marks.map((m) => m.id))})`);
}

/**
 * When this process's next run may start (epoch ms, on the jobs' clock): after its last run that
 * summed days, GAP_FACTOR times that run's length.
 */
let nextRunAfter = 0;

function nextNight(now: Date, tz: string): Date {
  return new Date(startOfLocalDay(addDays(localDay(now, tz), 1), tz).getTime() + 3 * 3_600_000);
}

export const rollupJob = defineJob<Record<string, unknown>>({
  ...rollupJobSpec,
  async run(_payload, context) {
    const now = context.now.getTime();
    if (now < nextRunAfter) {
      await context.db.transaction((tx) => addKeyedJob(tx, rollupJobSpec, JOB_KEY, new Date(nextRunAfter)));
      return;
    }
    const started = performance.now();
    const days = await context.db.transaction((tx) => sumDirtyDays(tx, context.now));
    if (days.length > 0) nextRunAfter = now + (1 + GAP_FACTOR) * (performance.now() - started);
  },
});

export const nightlyRollupJob = defineJob<Record<string, unknown>>({
  ...nightlyRollupJobSpec,
  async run(_payload, context) {
    await context.db.transaction(async (tx) => {
      const { reportTimezone: tz } = await loadResolutionSettings(tx);
      const today = localDay(context.now, tz);
      const days = Array.from({ length: NIGHTLY_DAYS }, (_, i) => startOfLocalDay(addDays(today, -i), tz));
      await markDaysDirty(tx, days, tz);
      await scheduleRollups(tx, context.now);
    });
  },
});

/**
 * Sums every day that has tickets (after a bulk load or a change of the report time zone),
 * a month per transaction.
 */
export async function rebuildAllRollups(db: Db, onProgress?: (day: string) => void): Promise<void> {
  const { reportTimezone: tz } = await loadResolutionSettings(db);
  const bounds = await db.execute<{ first: Date | null; last: Date | null }>(
    sql`select min(created_at) as first, greatest(max(created_at), max(resolved_at), max(closed_at)) as last from report_ticket_facts`,
  );
  const { first, last } = bounds.rows[0] ?? { first: null, last: null };
  if (!first || !last) return;
  const end = addDays(localDay(new Date(last), tz), 1);
  for (let day = localDay(new Date(first), tz); day < end; day = addDays(day, 31)) {
    const until = [addDays(day, 31), end].sort()[0] ?? end; // the earlier of the two days
    await db.transaction(async (tx) => {
      // After a run of the job summing the same days, not beside it; and, as the job does, only
      // the marks read before summing are removed (a change made meanwhile keeps its own).
      await tx.execute(sql`select pg_advisory_xact_lock(${ROLLUP_LOCK})`);
      const marks = await tx.execute<{ id: number }>(
        sql`select id from report_dirty_days where day >= ${day}::date and day < ${until}::date`,
      );
      await materializeRollups(tx, day, until, tz);
      await removeMarks(tx, marks.rows);
    });
    onProgress?.(day);
  }
  await recordRollupTimezone(db, tz);
}
