import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import { buildUser, ticketInput } from '../../../test/factories.ts';
import { setupTestApp } from '../../../test/harness.ts';
import '../registry.ts';

const ctx = await setupTestApp();

describe('the ticket intake', () => {
  it('opens tickets that arrive together in fewer transactions, each as if alone', async () => {
    const requester = await buildUser(ctx);
    const agent = await buildUser(ctx, { role: 'agent' });
    const count = 24;
    const responses = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        ctx.app.inject({
          method: 'POST',
          url: '/api/v1/tickets',
          // Every third is an agent's phone ticket for the requester.
          headers: i % 3 === 0 ? agent.headers : requester.headers,
          payload: ticketInput({
            subject: `Burst ${i}`,
            impact: i % 2 ? 'high' : 'low',
            urgency: 'high',
            category: i % 4 ? '硬件/打印机' : '软件/财务系统',
            ...(i % 3 === 0 ? { requesterId: requester.user.id } : {}),
          }),
        }),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(count).fill(201));
    const tickets = responses.map((r) => r.json() as TicketDto);
    // Each answer is its own ticket, with what was asked for.
    tickets.forEach((ticket, i) => {
      expect(ticket.subject).toBe(`Burst ${i}`);
      expect(ticket.priority).toBe(i % 2 ? 'P1' : 'P3');
      expect(ticket.category).toBe(i % 4 ? '硬件/打印机' : '软件/财务系统');
      expect(ticket.requester.id).toBe(requester.user.id);
      expect(ticket.channel).toBe(i % 3 === 0 ? 'phone' : 'portal');
      expect(ticket.sla).not.toBeNull();
    });
    expect(new Set(tickets.map((t) => t.number)).size).toBe(count);
    const ids = `{${tickets.map((t) => t.id).join(',')}}`;
    // One transaction opens a batch: its tickets share the transaction's start time.
    const transactions = await ctx.database.db.execute<{ n: number }>(
      sql`select count(distinct created_at)::int as n from tickets where id = any(${ids}::bigint[])`,
    );
    expect(transactions.rows[0]?.n).toBeLessThan(count);
    // Every ticket has its audit event and its clocks, as a ticket opened alone does.
    const audit = await ctx.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from audit_events where kind = 'ticket.created' and ticket_id = any(${ids}::bigint[])`,
    );
    expect(audit.rows[0]?.n).toBe(count);
    const clocks = await ctx.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from ticket_sla where ticket_id = any(${ids}::bigint[])`,
    );
    expect(clocks.rows[0]?.n).toBe(count);
  });

  it('gives a bad ticket in a burst its own error and opens the others', async () => {
    const requester = await buildUser(ctx);
    const agent = await buildUser(ctx, { role: 'agent' });
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        ctx.app.inject({
          method: 'POST',
          url: '/api/v1/tickets',
          headers: i === 5 ? agent.headers : requester.headers,
          payload: ticketInput({ subject: `Mixed ${i}`, ...(i === 5 ? { requesterId: 999_999 } : {}) }),
        }),
      ),
    );
    expect(responses[5]?.statusCode).toBe(400);
    expect(responses[5]?.json()).toMatchObject({
      error: { code: 'ticket.requester_invalid', field: 'requesterId' },
    });
    const others = responses.filter((_, i) => i !== 5);
    expect(others.map((r) => r.statusCode)).toEqual(Array(11).fill(201));
    const subjects = await ctx.database.db.execute<{ subject: string }>(
      sql`select subject from tickets where subject like 'Mixed %' order by subject`,
    );
    expect(subjects.rows.map((r) => r.subject)).not.toContain('Mixed 5');
    expect(subjects.rows).toHaveLength(11);
  });
});
