import { sql } from 'drizzle-orm';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { buildTicket, buildUser } from '../../../test/factories.ts';
import { setupTestApp } from '../../../test/harness.ts';
import { rebuildAllRollups, rollupJob, sumDirtyDays } from './rollup-job.ts';
import { markDaysDirty } from './rollups.ts';

const ctx = await setupTestApp();
const db = ctx.database.db;
const TZ = 'Asia/Shanghai';
const MARCH_5 = new Date('2026-03-05T04:00:00Z');

async function markedDays(): Promise<string[]> {
  const result = await db.execute<{ day: string }>(
    sql`select to_char(day, 'YYYY-MM-DD') as day from report_dirty_days order by id`,
  );
  return result.rows.map((r) => r.day);
}

/** A change's mark, refused (not waited for) if it would wait on a lock for a second. */
async function markWithoutWaiting(instant: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local lock_timeout = '1s'`);
    await markDaysDirty(tx, [instant], TZ);
  });
}

describe('the rollup job and the dirty days (issue 18)', () => {
  it('lets a change mark a day while a run sums it, and keeps that mark for the next run', async () => {
    await db.execute(sql`delete from report_dirty_days`);
    await markWithoutWaiting(MARCH_5);
    let letCommit = () => {};
    const held = new Promise<void>((resolve) => {
      letCommit = resolve;
    });
    let summed = () => {};
    const inRun = new Promise<void>((resolve) => {
      summed = resolve;
    });
    const run = db.transaction(async (tx) => {
      const days = await sumDirtyDays(tx, new Date());
      summed();
      await held;
      return days;
    });
    await inRun;
    // The run has summed the day and deleted the mark it read, not yet committed.
    await markWithoutWaiting(MARCH_5);
    // A second run meanwhile sums nothing: one run at a time.
    expect(await db.transaction((tx) => sumDirtyDays(tx, new Date()))).toEqual([]);
    letCommit();
    expect(await run).toEqual(['2026-03-05']);
    // The change made during the run may be missing from its sums: its mark is still there.
    expect(await markedDays()).toEqual(['2026-03-05']);
    expect(await db.transaction((tx) => sumDirtyDays(tx, new Date()))).toEqual(['2026-03-05']);
    expect(await markedDays()).toEqual([]);
  });

  it('waits after a run in proportion to its length before summing again', async () => {
    await db.execute(sql`delete from report_dirty_days`);
    await db.execute(sql`delete from graphile_worker._private_jobs`);
    const context = { db, logger: pino({ level: 'silent' }), now: new Date() };
    await markWithoutWaiting(MARCH_5);
    await rollupJob.run({}, context);
    expect(await markedDays()).toEqual([]);
    await markWithoutWaiting(MARCH_5);
    // The same instant on the jobs' clock: too soon after the last run, however fast it was.
    await rollupJob.run({}, context);
    // Nothing summed, a later run asked for.
    expect(await markedDays()).toEqual(['2026-03-05']);
    const later = await db.execute<{ run_at: Date }>(
      sql`select run_at from graphile_worker.jobs where key = 'reports.rollups' and locked_at is null`,
    );
    expect(later.rows).toHaveLength(1);
    expect(new Date(later.rows[0]?.run_at ?? 0).getTime()).toBeGreaterThan(context.now.getTime());
  });

  it('rebuilds every day with tickets and removes the marks it read', async () => {
    await db.execute(sql`delete from report_dirty_days`);
    const requester = await buildUser(ctx, { role: 'requester' });
    await buildTicket(ctx, requester);
    expect((await markedDays()).length).toBeGreaterThan(0);
    await db.execute(sql`delete from report_rollups`);
    await rebuildAllRollups(db);
    expect(await markedDays()).toEqual([]);
    const stored = await db.execute<{ n: number }>(
      sql`select sum(n_in)::int as n from report_rollups where d1 = 'all' and d2 = 'all'`,
    );
    const tickets = await db.execute<{ n: number }>(sql`select count(*)::int as n from report_ticket_facts`);
    expect(Number(stored.rows[0]?.n)).toBe(Number(tickets.rows[0]?.n));
    expect(Number(tickets.rows[0]?.n)).toBeGreaterThan(0);
  });
});
