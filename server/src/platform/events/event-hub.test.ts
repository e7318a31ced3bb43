import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { setupTestApp } from '../../../test/harness.ts';
import { type LiveEvent, publish } from './events.ts';

const ctx = await setupTestApp();
const db = ctx.database.db;

async function readyStatus(): Promise<number> {
  return (await ctx.app.inject({ method: 'GET', url: '/readyz' })).statusCode;
}

/** Publishes events until one arrives at the hub (a LISTEN just issued may miss the first). */
async function eventArrives(type: string): Promise<LiveEvent | undefined> {
  let arrived: LiveEvent | undefined;
  const onEvent = (event: LiveEvent) => {
    if (event.type === type) arrived = event;
  };
  ctx.events.on('event', onEvent);
  try {
    for (let i = 0; i < 40 && !arrived; i += 1) {
      await db.transaction((tx) => publish(tx, { type, data: { i } }));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    ctx.events.off('event', onEvent);
  }
  return arrived;
}

describe('EventHub', () => {
  it('reconnects its LISTEN connection after the database ends it, and /readyz says so meanwhile', async () => {
    expect(await readyStatus()).toBe(200);
    expect(await eventArrives('before')).toBeDefined();

    const states: boolean[] = [];
    ctx.events.on('connection', (up) => states.push(up));
    const killed = await db.execute<{ pid: number }>(sql`
      select pid from pg_stat_activity
       where datname = current_database() and pid <> pg_backend_pid() and query = 'listen servicedesk_events'`);
    expect(killed.rows).toHaveLength(1);
    await db.execute(sql`select pg_terminate_backend(${killed.rows[0]?.pid}::int)`);

    for (let i = 0; i < 50 && !states.includes(false); i += 1) await new Promise((r) => setTimeout(r, 20));
    expect(states[0]).toBe(false);
    // Not ready while it is down (its first retry waits 250 ms), ready again once reconnected.
    expect(ctx.events.connected).toBe(false);
    let status = await readyStatus();
    expect(status).toBe(503);
    for (let i = 0; i < 100 && status !== 200; i += 1) {
      await new Promise((r) => setTimeout(r, 50));
      status = await readyStatus();
    }
    expect(status).toBe(200);
    expect(ctx.events.connected).toBe(true);
    expect(states).toEqual([false, true]);

    const again = await eventArrives('after');
    expect(again).toMatchObject({ type: 'after' });
    const listeners = await db.execute<{ n: number }>(sql`
      select count(*)::int as n from pg_stat_activity
       where datname = current_database() and query = 'listen servicedesk_events'`);
    expect(listeners.rows[0]?.n).toBe(1);
  });
});
