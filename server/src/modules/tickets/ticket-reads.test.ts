import { describe, expect, it } from 'vitest';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import { buildTicket, buildUser } from '../../../test/factories.ts';
import { json, setupTestApp } from '../../../test/harness.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { getTicket } from './get-ticket.ts';

const ctx = await setupTestApp();
const db = ctx.database.db;

/** The database handle, counting the statements sent through it (drizzle's or its pool's). */
function counting(q: Queryable): { db: Queryable; count: () => number } {
  let sent = 0;
  const countCalls = <T extends object>(object: T, method: string): T =>
    new Proxy(object, {
      get(target, key) {
        const value = Reflect.get(target, key, target);
        if (key !== method) return value;
        return (...args: unknown[]) => {
          sent += 1;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  const pool = countCalls((q as unknown as { $client: object }).$client, 'query');
  const proxy = new Proxy(countCalls(q, 'execute'), {
    get(target, key, receiver) {
      return key === '$client' ? pool : Reflect.get(target, key, receiver);
    },
  });
  return { db: proxy, count: () => sent };
}

describe('ticket reads of staff arriving together', () => {
  it('share statements and give each reader its own ticket, the same as a read alone', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const requester = await buildUser(ctx);
    const tickets: TicketDto[] = [];
    for (let i = 0; i < 6; i++) tickets.push(await buildTicket(ctx, requester, { subject: `读取 ${i}` }));
    const alone = await Promise.all(
      tickets.map((t) => db.transaction((tx) => getTicket({ tx, actor: agent.actor, ticketId: t.id }))),
    );
    // 18 reads (each ticket three times) at once through one handle: fewer statements than reads.
    const watched = counting(db);
    const ids = [...tickets, ...tickets, ...tickets].map((t) => t.id);
    const together = await Promise.all(
      ids.map((ticketId) => getTicket({ tx: watched.db, actor: agent.actor, ticketId })),
    );
    expect(watched.count()).toBeGreaterThan(0);
    expect(watched.count()).toBeLessThan(ids.length);
    together.forEach((read, i) => {
      const first = alone[i % tickets.length] as TicketDto;
      expect(read.id).toBe(ids[i]);
      expect({ ...read, sla: null }).toEqual({ ...first, sla: null });
      expect(read.sla?.firstResponse?.state).toBe(first.sla?.firstResponse?.state);
    });
    // Two reads of one ticket are two objects: changing one leaves the other.
    expect(together[0]).not.toBe(together[tickets.length]);
    (together[0] as TicketDto).links.push({} as TicketDto['links'][number]);
    expect(together[tickets.length]?.links).toEqual([]);
  });

  it('answers 404 for a missing ticket among others, and a requester still sees only their own', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const owner = await buildUser(ctx);
    const other = await buildUser(ctx);
    const mine = await buildTicket(ctx, owner);
    const responses = await Promise.all(
      [mine.id, 999_999_999, mine.id].map((id) =>
        ctx.app.inject({ url: `/api/v1/tickets/${id}`, headers: agent.headers }),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual([200, 404, 200]);
    expect(json<TicketDto>(responses[0] as never).subject).toBe(mine.subject);
    const asOthers = await Promise.all(
      [owner, other].map((u) => ctx.app.inject({ url: `/api/v1/tickets/${mine.id}`, headers: u.headers })),
    );
    expect(asOthers.map((r) => r.statusCode)).toEqual([200, 404]);
  });

  it('sees a change committed before the read was asked', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const ticket = await buildTicket(ctx, agent);
    const reads = [1, 2, 3].map(() => getTicket({ tx: db, actor: agent.actor, ticketId: ticket.id }));
    const patched = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/tickets/${ticket.id}`,
      headers: agent.headers,
      payload: { subject: '已改的主题' },
    });
    expect(patched.statusCode).toBe(200);
    await Promise.all(reads);
    const after = await Promise.all(
      [1, 2, 3].map(() => getTicket({ tx: db, actor: agent.actor, ticketId: ticket.id })),
    );
    expect(after.map((t) => t.subject)).toEqual(['已改的主题', '已改的主题', '已改的主题']);
  });
});
