import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildTeam, buildTicket, buildUser } from '../../../test/factories.ts';
import { patchTicket, resolveViaApi } from '../../../test/factories-feedback.ts';
import { setupTestApp } from '../../../test/harness.ts';
import { rebuildAllFacts } from './facts.ts';

const ctx = await setupTestApp();

interface FactRow extends Record<string, unknown> {
  status: string;
  created_at: Date | string;
  first_response_at: Date | string | null;
  first_resolved_at: Date | string | null;
  resolved_at: Date | string | null;
  reopen_count: number;
  escalation_count: number;
  first_contact: boolean;
  repeat_of: number | null;
  assignee_id: number | null;
}

async function facts(ticketId: number): Promise<FactRow> {
  const result = await ctx.database.db.execute<FactRow>(
    sql`select * from report_ticket_facts where ticket_id = ${ticketId}`,
  );
  const row = result.rows[0];
  if (!row) throw new Error(`no facts for ticket ${ticketId}`);
  return row;
}

async function intervals(ticketId: number) {
  const result = await ctx.database.db.execute<{ status: string; left: boolean }>(sql`
    select status, left_at is not null as left from report_status_intervals where ticket_id = ${ticketId} order by seq`);
  return result.rows.map((r) => [r.status, r.left]);
}

const reply = (as: { headers: { authorization: string } }, ticketId: number, internal = false) =>
  ctx.app.inject({
    method: 'POST',
    url: `/api/v1/tickets/${ticketId}/messages`,
    headers: as.headers,
    payload: { body: 'Looking into it', internal },
  });

describe('report facts follow every ticket change in its transaction', () => {
  it('first response: a public staff reply, not an internal note nor the requester', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const requester = await buildUser(ctx, { role: 'requester' });
    const ticket = await buildTicket(ctx, requester);
    expect((await facts(ticket.id)).first_response_at).toBeNull();
    await reply(requester, ticket.id);
    await reply(agent, ticket.id, true);
    expect((await facts(ticket.id)).first_response_at).toBeNull();
    await reply(agent, ticket.id);
    expect((await facts(ticket.id)).first_response_at).not.toBeNull();
    expect(await intervals(ticket.id)).toEqual([['new', false]]);
  });

  it('a ticket an agent logs for a caller is answered at once; resolving on the spot counts as first contact', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const requester = await buildUser(ctx, { role: 'requester' });
    const ticket = await buildTicket(ctx, agent, { requesterId: requester.user.id, channel: 'phone' });
    const created = await facts(ticket.id);
    expect(new Date(created.first_response_at ?? 0).getTime()).toBe(new Date(created.created_at).getTime());
    await resolveViaApi(ctx, agent, ticket, { firstContact: true });
    expect(await facts(ticket.id)).toMatchObject({
      status: 'resolved',
      first_contact: true,
      reopen_count: 0,
    });
    expect(await intervals(ticket.id)).toEqual([
      ['new', true],
      ['resolved', false],
    ]);
  });

  it('counts escalations to a higher tier, reopens, and repeats in the same category', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const requester = await buildUser(ctx, { role: 'requester' });
    const l1 = await buildTeam(ctx, { tier: 'L1' });
    const l2 = await buildTeam(ctx, { tier: 'L2' });
    const first = await buildTicket(ctx, requester, { category: 'Network/VPN' });
    await patchTicket(ctx, agent, first, { teamId: l1.id, assigneeId: agent.user.id, status: 'in_progress' });
    await patchTicket(ctx, agent, first, { teamId: l2.id });
    await patchTicket(ctx, agent, first, { teamId: l1.id });
    await resolveViaApi(ctx, agent, first);
    await patchTicket(ctx, agent, first, { status: 'open' });
    expect(await facts(first.id)).toMatchObject({
      escalation_count: 1,
      reopen_count: 1,
      status: 'open',
      resolved_at: null,
      assignee_id: agent.user.id,
    });
    expect((await facts(first.id)).first_resolved_at).not.toBeNull();

    const again = await buildTicket(ctx, requester, { category: 'Network/VPN' });
    const other = await buildTicket(ctx, requester, { category: 'Hardware/Printer' });
    expect((await facts(again.id)).repeat_of).toBe(first.id);
    expect((await facts(other.id)).repeat_of).toBeNull();
  });

  it('a full rebuild gives the same facts as the hooks', async () => {
    const before = await ctx.database.db.execute(sql`select * from report_ticket_facts order by ticket_id`);
    const intervalsBefore = await ctx.database.db.execute(
      sql`select * from report_status_intervals order by ticket_id, seq`,
    );
    await ctx.database.db.execute(sql`delete from report_ticket_facts`);
    await ctx.database.db.execute(sql`delete from report_status_intervals`);
    const count = await rebuildAllFacts(ctx.database.db, { batchSize: 2 });
    expect(count).toBe(before.rows.length);
    const strip = (rows: Record<string, unknown>[]) => rows.map(({ refreshed_at: _, ...rest }) => rest);
    const after = await ctx.database.db.execute(sql`select * from report_ticket_facts order by ticket_id`);
    expect(strip(after.rows)).toEqual(strip(before.rows));
    const intervalsAfter = await ctx.database.db.execute(
      sql`select * from report_status_intervals order by ticket_id, seq`,
    );
    expect(intervalsAfter.rows).toEqual(intervalsBefore.rows);
  });
});
