import { describe, expect, it } from 'vitest';
import { setupTestApp } from '../../../test/harness.ts';
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
});
