import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildTicket, buildUser } from '../../../test/factories.ts';
import { setupTestApp } from '../../../test/harness.ts';
import type { Tx } from '../../platform/db/database.ts';
import { getTicket } from './get-ticket.ts';

const ctx = await setupTestApp();

/** The transaction, counting the statements sent through it. */
function counting(tx: Tx): { tx: Tx; count: () => number } {
  let sent = 0;
  const proxy = new Proxy(tx, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (key !== 'execute' && key !== 'select') return value;
      return (...args: unknown[]) => {
        sent += 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { tx: proxy, count: () => sent };
}

describe('the ticket read with the SLA section plugged in by the registry', () => {
  it('is one prepared statement that folds in the SLA module’s column, and shows the clocks', async () => {
    const requester = await buildUser(ctx);
    const ticket = await buildTicket(ctx, requester);
    await ctx.database.db.transaction(async (tx) => {
      // The first read may load the SLA policies; later reads reuse them while they do not change.
      await getTicket({ tx, actor: requester.actor, ticketId: ticket.id });
      const watched = counting(tx);
      const read = await getTicket({ tx: watched.tx, actor: requester.actor, ticketId: ticket.id });
      expect(watched.count()).toBe(1);
      expect(read.sla?.firstResponse).toMatchObject({ state: expect.any(String) });
      expect(read.sla?.computedAt).toEqual(expect.any(String));
      const prepared = await tx.execute<{ statement: string }>(
        sql`select statement from pg_prepared_statements where statement like '%ticket_links%'`,
      );
      expect(prepared.rows.some((row) => row.statement.includes('from sla_policies'))).toBe(true);
    });
  });
});
