import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { buildTicket, buildUser } from '../../../test/factories.ts';
import { setupTestApp } from '../../../test/harness.ts';
import { ticketFollowUps } from '../../db/schema.ts';
import '../registry.ts';
import { followUpJob, workOffFollowUps } from './follow-ups.ts';
import { afterTicketChange, runTicketHooks, scheduleFollowUps } from './ticket-hooks.ts';

// Follow-ups after commit, by the worker's job (here called directly).
const ctx = await setupTestApp({ TICKET_FOLLOW_UPS: 'deferred' });
const db = ctx.database.db;
const logger = pino({ level: 'silent' });

/** How often each ticket's changes were followed up (committed runs only). */
const followedUp = new Map<number, number>();
/** The first run holds its batch open until the test lets it go. */
let hold: { entered: () => void; release: Promise<void> } | null = null;
afterTicketChange(async (_tx, changes) => {
  const gate = hold;
  if (gate) {
    hold = null;
    gate.entered();
    await gate.release;
  }
  for (const id of changes.map((c) => c.ticketId)) followedUp.set(id, (followedUp.get(id) ?? 0) + 1);
});

const laterRuns = () =>
  db.execute<{ run_at: string; locked_at: string | null }>(
    sql`select run_at, locked_at from graphile_worker.jobs where key = 'tickets.follow_up'`,
  );

describe('overlapping follow-up runs (issue 18)', () => {
  it('a run that finds the turn taken returns at once, asks for a later run, and no change is lost or doubled', async () => {
    const requester = await buildUser(ctx);
    const first = [];
    for (let i = 0; i < 4; i++) first.push(await buildTicket(ctx, requester, { subject: `overlap ${i}` }));
    await db.execute(sql`delete from graphile_worker._private_jobs j using graphile_worker._private_tasks t
      where t.id = j.task_id and t.identifier = 'tickets.follow_up'`);

    let entered: () => void = () => {};
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    let release: () => void = () => {};
    hold = { entered, release: new Promise<void>((resolve) => (release = resolve)) };
    // Run A takes the turn and stops inside its batch.
    const runA = workOffFollowUps(db, { now: new Date(), logger, wait: false });
    await inside;

    // Run B (the job, as the worker runs it while A is busy) does not wait for A (which waits
    // for this test): with a waiting lock, this would never return.
    const before = Date.now();
    await followUpJob.run({}, { db, logger, now: new Date() });
    const asked = await laterRuns();
    expect(asked.rows).toHaveLength(1);
    expect(asked.rows[0]?.locked_at).toBeNull();
    expect(new Date(asked.rows[0]?.run_at ?? 0).getTime()).toBeGreaterThan(before);

    // A change committed while A holds its batch: A has already taken its rows.
    const late = await buildTicket(ctx, requester, { subject: 'overlap late' });
    release();
    expect(await runA).toBe(first.length);
    for (const t of first) expect(followedUp.get(t.id)).toBe(1);

    // The later run that B asked for follows up the late change.
    await followUpJob.run({}, { db, logger, now: new Date() });
    expect(followedUp.get(late.id)).toBe(1);
    for (const t of first) expect(followedUp.get(t.id)).toBe(1);
    expect(await db.select().from(ticketFollowUps)).toHaveLength(0);
  });

  it('a run that ends while a transaction that recorded a change is still open leaves a run for it', async () => {
    const requester = await buildUser(ctx);
    const ticket = await buildTicket(ctx, requester, { subject: 'writer in flight' });
    await workOffFollowUps(db, { now: new Date(), logger });
    await db.execute(sql`delete from graphile_worker._private_jobs j using graphile_worker._private_tasks t
      where t.id = j.task_id and t.identifier = 'tickets.follow_up'`);
    const before = followedUp.get(ticket.id) ?? 0;

    // A run is waiting when a long transaction (a triage batch, say) records its change, so the
    // change asks for none.
    await db.transaction((tx) => scheduleFollowUps(tx));
    expect((await laterRuns()).rows).toHaveLength(1);
    let recorded: () => void = () => {};
    const isRecorded = new Promise<void>((resolve) => (recorded = resolve));
    let commit: () => void = () => {};
    const mayCommit = new Promise<void>((resolve) => (commit = resolve));
    const writer = db.transaction(async (tx) => {
      await runTicketHooks(tx, [
        { kind: 'updated', ticketId: ticket.id, actorId: null, at: new Date(), changes: {} },
      ]);
      recorded();
      await mayCommit;
    });
    await isRecorded;
    expect((await laterRuns()).rows).toHaveLength(1);

    // The worker takes that run (its row goes when it is done) and the run finds nothing: the
    // change is not committed yet. It must not be the last run.
    await db.execute(sql`delete from graphile_worker._private_jobs j using graphile_worker._private_tasks t
      where t.id = j.task_id and t.identifier = 'tickets.follow_up'`);
    await followUpJob.run({}, { db, logger, now: new Date() });
    expect(followedUp.get(ticket.id) ?? 0).toBe(before);
    expect((await laterRuns()).rows).toHaveLength(1);

    commit();
    await writer;
    await followUpJob.run({}, { db, logger, now: new Date() });
    expect(followedUp.get(ticket.id)).toBe(before + 1);
    expect(await db.select().from(ticketFollowUps)).toHaveLength(0);
    // With no writer open, a run that finds nothing asks for no other.
    await db.execute(sql`delete from graphile_worker._private_jobs j using graphile_worker._private_tasks t
      where t.id = j.task_id and t.identifier = 'tickets.follow_up'`);
    await followUpJob.run({}, { db, logger, now: new Date() });
    expect((await laterRuns()).rows).toHaveLength(0);
  });
});
