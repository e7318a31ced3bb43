import { describe, expect, it } from 'vitest';
import type { TicketDto, TimelineEventDto } from '../../../../contracts/tickets.ts';
import { buildTicket, buildUser } from '../../../test/factories.ts';
import { json, setupTestApp } from '../../../test/harness.ts';

const ctx = await setupTestApp();
const api = (path: string) => `/api/v1${path}`;
const agent = await buildUser(ctx, { role: 'agent' });
const requester = await buildUser(ctx);

async function pair() {
  const keep = await buildTicket(ctx, requester, { subject: 'VPN 809 错误', description: 'AnyConnect 809' });
  const dup = await buildTicket(ctx, requester, { subject: 'VPN 又报 809', description: '还是 809' });
  return { keep, dup };
}
const merge = (id: number, intoTicketId: number, headers = agent.headers) =>
  ctx.app.inject({ method: 'POST', url: api(`/tickets/${id}/merge`), headers, payload: { intoTicketId } });

describe('POST /tickets/:id/merge', () => {
  it('links the duplicate, cancels it and records the merge on both timelines', async () => {
    const { keep, dup } = await pair();
    const response = await merge(dup.id, keep.id);
    expect(response.statusCode).toBe(200);
    const merged = json<TicketDto>(response);
    expect(merged.status).toBe('cancelled');
    expect(merged.links).toEqual([
      expect.objectContaining({
        kind: 'duplicate_of',
        direction: 'outgoing',
        ticket: expect.objectContaining({ id: keep.id }),
      }),
    ]);
    const survivor = json<TicketDto>(
      await ctx.app.inject({ url: api(`/tickets/${keep.id}`), headers: agent.headers }),
    );
    expect(survivor.status).toBe(keep.status);
    for (const id of [dup.id, keep.id]) {
      const timeline = await ctx.app.inject({ url: api(`/tickets/${id}/timeline`), headers: agent.headers });
      const kinds = (timeline.json().items as TimelineEventDto[]).map((e) => e.kind);
      expect(kinds).toContain('ticket.merged');
    }
  });

  it('keeps an existing duplicate_of link instead of failing', async () => {
    const { keep, dup } = await pair();
    const link = await ctx.app.inject({
      method: 'POST',
      url: api(`/tickets/${dup.id}/links`),
      headers: agent.headers,
      payload: { kind: 'duplicate_of', targetId: keep.id },
    });
    expect(link.statusCode).toBeLessThan(300);
    const response = await merge(dup.id, keep.id);
    expect(response.statusCode).toBe(200);
    expect(json<TicketDto>(response).links).toHaveLength(1);
  });

  it('refuses itself, a final ticket, an unknown target and requesters, writing nothing', async () => {
    const { keep, dup } = await pair();
    expect((await merge(dup.id, dup.id)).statusCode).toBe(409);
    const missing = await merge(dup.id, 99_999_999);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.field).toBe('intoTicketId');
    expect((await merge(dup.id, keep.id, requester.headers)).statusCode).toBe(403);
    expect((await merge(dup.id, keep.id)).statusCode).toBe(200);
    // The duplicate is cancelled now: neither merging it again nor merging into it is allowed.
    expect((await merge(dup.id, keep.id)).statusCode).toBe(409);
    expect((await merge(keep.id, dup.id)).statusCode).toBe(409);
    const after = json<TicketDto>(
      await ctx.app.inject({ url: api(`/tickets/${keep.id}`), headers: agent.headers }),
    );
    expect(after.status).not.toBe('cancelled');
    expect(after.links).toHaveLength(1);
  });
});
