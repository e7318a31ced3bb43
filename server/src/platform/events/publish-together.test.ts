import { sql } from 'drizzle-orm';
import pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import { setupTestApp } from '../../../test/harness.ts';
import { transactionByGenericPlans } from '../db/database.ts';
import { type LiveEvent, publish, publishingTogether, publishMany } from './events.ts';

const ctx = await setupTestApp();
const db = ctx.database.db;

/** The events of `type` that arrive at the hub while `work` runs and shortly after. */
async function arriving(type: string, work: () => Promise<unknown>, expected: number): Promise<LiveEvent[]> {
  const seen: LiveEvent[] = [];
  const onEvent = (event: LiveEvent) => {
    if (event.type === type) seen.push(event);
  };
  ctx.events.on('event', onEvent);
  try {
    await work().catch(() => undefined);
    // A marker after the work: once it arrives, everything the work sent has arrived (in order).
    await db.transaction((tx) => publish(tx, { type, data: { marker: true } }));
    await expect.poll(() => seen.some((e) => e.data?.marker)).toBe(true);
  } finally {
    ctx.events.off('event', onEvent);
  }
  const events = seen.filter((e) => !e.data?.marker);
  expect(events).toHaveLength(expected);
  return events;
}

describe('events published together', () => {
  it('sends the held events on commit, in the order published, in one statement', async () => {
    const events = await arriving(
      'test.together',
      () =>
        db.transaction((tx) =>
          publishingTogether(tx, async () => {
            await publish(tx, { type: 'test.together', data: { n: 1 } });
            await publishMany(tx, [
              { type: 'test.together', data: { n: 2 } },
              { type: 'test.together', ticketId: 7, userIds: [3], data: { n: 3 } },
            ]);
            await publish(tx, { type: 'test.together', data: { n: 4 } });
          }),
        ),
      4,
    );
    expect(events.map((e) => e.data?.n)).toEqual([1, 2, 3, 4]);
    expect(events[2]).toEqual({ type: 'test.together', ticketId: 7, userIds: [3], data: { n: 3 } });
  });

  it('sends nothing when the work fails, and takes back a rolled-back savepoint’s events', async () => {
    await arriving(
      'test.failed',
      () =>
        db.transaction((tx) =>
          publishingTogether(tx, async () => {
            await publish(tx, { type: 'test.failed', data: { n: 1 } });
            throw new Error('the work failed');
          }),
        ),
      0,
    );
    const events = await arriving(
      'test.savepoint',
      () =>
        db.transaction((tx) =>
          publishingTogether(tx, async () => {
            await publish(tx, { type: 'test.savepoint', data: { n: 1 } });
            await tx
              .transaction(async (savepoint) => {
                await publish(savepoint, { type: 'test.savepoint', data: { n: 2 } });
                throw new Error('rolled back');
              })
              .catch(() => undefined);
            await tx.transaction((savepoint) =>
              publish(savepoint, { type: 'test.savepoint', data: { n: 3 } }),
            );
          }),
        ),
      2,
    );
    expect(events.map((e) => e.data?.n).sort()).toEqual([1, 3]);
  });

  it('sends them in the COMMIT’s own message in a transaction of generic plans, quoted as sent', async () => {
    const texts: string[] = [];
    let recording = true;
    const query = pg.Client.prototype.query;
    const spy = vi.spyOn(pg.Client.prototype, 'query').mockImplementation(function (
      this: pg.Client,
      ...args
    ) {
      const config = args[0] as unknown;
      if (recording)
        texts.push(typeof config === 'string' ? config : String((config as { text?: string })?.text));
      return (query as (...a: unknown[]) => unknown).apply(this, args) as never;
    });
    // What a person can type: quotes, a backslash, Chinese, an emoji, a lone surrogate.
    const odd = `it's C:\\temp\\x "quoted" 打印机 🖨️ \ud800 end`;
    try {
      const events = await arriving(
        'test.with-commit',
        () =>
          transactionByGenericPlans(db, (tx) =>
            publishingTogether(tx, async () => {
              await publish(tx, { type: 'test.with-commit', data: { n: 1, text: odd } });
              await publishMany(tx, [
                { type: 'test.with-commit', data: { n: 2 } },
                { type: 'test.with-commit', userIds: [5], data: { n: 3 } },
              ]);
            }),
          ).finally(() => {
            recording = false;
          }),
        3,
      );
      expect(events.map((e) => e.data?.n)).toEqual([1, 2, 3]);
      expect(events[0]?.data?.text).toBe(JSON.parse(JSON.stringify(odd)));
    } finally {
      spy.mockRestore();
    }
    // begin, then the COMMIT carrying the events: no statement of their own.
    expect(texts).toHaveLength(2);
    expect(texts[1]).toMatch(
      /^select pg_notify\('servicedesk_events', payload\) from unnest\(array\[.*\bcommit$/s,
    );
  });

  it('rolls the transaction back when the events’ statement fails with the COMMIT', async () => {
    await db.execute(sql`create table if not exists test_with_commit (n int)`);
    await arriving(
      'test.too-long',
      () =>
        transactionByGenericPlans(db, (tx) =>
          publishingTogether(tx, async () => {
            await tx.execute(sql`insert into test_with_commit values (1)`);
            // PostgreSQL refuses a payload of 8,000 bytes or more: the COMMIT after it must not run.
            await publish(tx, { type: 'test.too-long', data: { text: 'x'.repeat(9000) } });
          }),
        ),
      0,
    );
    const rows = await db.execute<{ n: number }>(sql`select count(*)::int as n from test_with_commit`);
    expect(rows.rows[0]?.n).toBe(0);
  });
});
