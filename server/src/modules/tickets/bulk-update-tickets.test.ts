import { describe, expect, it } from 'vitest';
import type { BulkTicketResult } from '../../../../contracts/ticket-bulk.ts';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import { buildTicket, buildUser, type TestUser } from '../../../test/factories.ts';
import { json, setupTestApp } from '../../../test/harness.ts';

const ctx = await setupTestApp();
const api = (path: string) => `/api/v1${path}`;

const bulk = (as: TestUser, payload: unknown) =>
  ctx.app.inject({
    method: 'POST',
    url: api('/tickets/bulk'),
    headers: as.headers,
    payload: payload as object,
  });
const ticketOf = async (as: TestUser, id: number) =>
  json<TicketDto>(await ctx.app.inject({ url: api(`/tickets/${id}`), headers: as.headers }));

describe('POST /tickets/bulk', () => {
  it('assigns and reprioritises several tickets at once, and the undo puts them back', async () => {
    const lead = await buildUser(ctx, { role: 'lead', locale: 'en' });
    const agent = await buildUser(ctx, { role: 'agent' });
    const requester = await buildUser(ctx);
    const a = await buildTicket(ctx, requester, { subject: 'A', description: 'a' });
    const b = await buildTicket(ctx, requester, { subject: 'B', description: 'b' });
    const before = await ticketOf(lead, a.id);

    const response = await bulk(lead, {
      ticketIds: [a.id, b.id],
      changes: { assigneeId: agent.user.id, priority: 'P2', priorityReason: 'Board meeting at 10' },
    });
    expect(response.statusCode, response.body).toBe(200);
    const result = json<BulkTicketResult>(response);
    expect(result.results.map((r) => r.ok)).toEqual([true, true]);
    for (const id of [a.id, b.id]) {
      expect(await ticketOf(lead, id)).toMatchObject({ assignee: { id: agent.user.id }, priority: 'P2' });
    }

    const undone = await bulk(lead, result.undo);
    expect(undone.statusCode, undone.body).toBe(200);
    expect(json<BulkTicketResult>(undone).results.every((r) => r.ok)).toBe(true);
    const back = await ticketOf(lead, a.id);
    expect(back).toMatchObject({ assignee: null, priority: before.priority, priorityOverridden: false });
  });

  it('reports a ticket that refuses the change, in the reader’s language, and changes the others', async () => {
    const lead = await buildUser(ctx, { role: 'lead', locale: 'zh-CN' });
    const requester = await buildUser(ctx);
    const open = await buildTicket(ctx, requester, { subject: 'Open', description: 'x' });
    const closed = await buildTicket(ctx, requester, { subject: 'Closed', description: 'x' });
    for (const status of ['resolved', 'closed']) {
      await ctx.app.inject({
        method: 'PATCH',
        url: api(`/tickets/${closed.id}`),
        headers: lead.headers,
        payload: { status },
      });
    }
    const response = await bulk(lead, {
      ticketIds: [open.id, closed.id, 99999999],
      changes: { status: 'in_progress' },
    });
    expect(response.statusCode).toBe(200);
    const { results, undo } = json<BulkTicketResult>(response);
    expect(results[0]).toMatchObject({ ticketId: open.id, ok: true });
    expect(results[1]).toMatchObject({
      ticketId: closed.id,
      ok: false,
      error: { code: 'ticket.invalid_transition' },
    });
    expect(results[1]?.error?.message).toMatch(/[\u4e00-\u9fff]/);
    expect(results[2]).toMatchObject({ ticketId: 99999999, ok: false, error: { code: 'ticket.not_found' } });
    expect(undo?.items).toEqual([{ ticketId: open.id, changes: { status: 'new' } }]);
    expect((await ticketOf(lead, open.id)).status).toBe('in_progress');
    expect((await ticketOf(lead, closed.id)).status).toBe('closed');
  });

  it('refuses what is not a bulk action, and requesters', async () => {
    const lead = await buildUser(ctx, { role: 'lead' });
    const requester = await buildUser(ctx);
    const ticket = await buildTicket(ctx, requester, { subject: 'X', description: 'x' });
    for (const payload of [
      {},
      { ticketIds: [ticket.id] },
      { ticketIds: [ticket.id], changes: {} },
      { ticketIds: [], changes: { status: 'open' } },
      {
        ticketIds: [ticket.id],
        changes: { status: 'open' },
        items: [{ ticketId: ticket.id, changes: { status: 'open' } }],
      },
      { ticketIds: [ticket.id], changes: { status: 'gone' } },
    ]) {
      const response = await bulk(lead, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
    }
    expect((await bulk(requester, { ticketIds: [ticket.id], changes: { status: 'open' } })).statusCode).toBe(
      403,
    );
    expect((await ticketOf(lead, ticket.id)).status).toBe('new');
  });
});
