import { describe, expect, it } from 'vitest';
import type { Queryable } from '../../platform/db/database.ts';
import { TicketReadBatcher } from './get-ticket.ts';

/** A pool whose statements answer only when the test says so; records the ids each one asked for. */
function heldPool() {
  const sent: { ids: number[]; answer: () => void }[] = [];
  const pool = {
    query(config: { values: unknown[] }) {
      const array = config.values.find((v) => typeof v === 'string' && v.startsWith('{')) as string;
      const ids = array.slice(1, -1).split(',').map(Number);
      return new Promise((resolve) => {
        sent.push({
          ids,
          answer: () => resolve({ rows: ids.map((id) => ({ id: String(id), subject: `#${id}` })) }),
        });
      });
    },
  };
  return { db: { $client: pool } as unknown as Queryable, sent };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('TicketReadBatcher', () => {
  it('sends a lone read at once, and a second statement only once enough reads wait', async () => {
    const { db, sent } = heldPool();
    const batcher = new TicketReadBatcher(db);
    const first = batcher.read(1);
    expect(sent.map((s) => s.ids)).toEqual([[1]]);

    // While one statement runs, fewer than SECOND_AFTER waiting reads wait for it.
    const next = Array.from({ length: TicketReadBatcher.SECOND_AFTER - 1 }, (_, i) => batcher.read(2 + i));
    expect(sent).toHaveLength(1);
    // The SECOND_AFTER-th waiting read starts a second statement with all of them.
    const last = batcher.read(1 + TicketReadBatcher.SECOND_AFTER);
    expect(sent).toHaveLength(2);
    expect(sent[1]?.ids).toEqual(Array.from({ length: TicketReadBatcher.SECOND_AFTER }, (_, i) => 2 + i));

    // Two running: another read waits; with one still running, a lone waiting read waits for
    // it too, and goes as soon as no statement runs.
    const late = batcher.read(500);
    expect(sent).toHaveLength(2);
    sent[0]?.answer();
    await settle();
    expect(sent).toHaveLength(2);
    sent[1]?.answer();
    await settle();
    expect(sent.map((s) => s.ids.length)).toEqual([1, TicketReadBatcher.SECOND_AFTER, 1]);
    expect(sent[2]?.ids).toEqual([500]);
    sent[2]?.answer();

    expect(((await first) as { subject: string }).subject).toBe('#1');
    const rest = (await Promise.all([...next, last])) as { subject: string }[];
    expect(rest.map((r) => r.subject)).toEqual(
      Array.from({ length: TicketReadBatcher.SECOND_AFTER }, (_, i) => `#${2 + i}`),
    );
    expect(((await late) as { subject: string }).subject).toBe('#500');
  });

  it('sends what waits as one statement when the running one comes back, even below the threshold', async () => {
    const { db, sent } = heldPool();
    const batcher = new TicketReadBatcher(db);
    const reads = [batcher.read(1), batcher.read(2), batcher.read(3), batcher.read(2)];
    expect(sent.map((s) => s.ids)).toEqual([[1]]);
    sent[0]?.answer();
    await settle();
    // One statement for the three waiting reads, each ticket asked once.
    expect(sent.map((s) => s.ids)).toEqual([[1], [2, 3]]);
    sent[1]?.answer();
    const rows = (await Promise.all(reads)) as { subject: string }[];
    expect(rows.map((r) => r.subject)).toEqual(['#1', '#2', '#3', '#2']);
    // Two reads of one ticket get two objects.
    expect(rows[1]).not.toBe(rows[3]);
  });
});
