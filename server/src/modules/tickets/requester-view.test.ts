import { describe, expect, it } from 'vitest';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import { buildTicket, buildUser } from '../../../test/factories.ts';
import { json, setupTestApp } from '../../../test/harness.ts';

const ctx = await setupTestApp();

describe('what a requester sees of a ticket', () => {
  it("shows links only to tickets the requester may see, never another person's subject", async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const mine = await buildUser(ctx);
    const someoneElse = await buildUser(ctx);
    const own = await buildTicket(ctx, mine, { subject: 'VPN 断线' });
    const ownOther = await buildTicket(ctx, mine, { subject: 'VPN 又断线' });
    const theirs = await buildTicket(ctx, someoneElse, { subject: '工资条看不到（张总）' });
    for (const target of [theirs, ownOther]) {
      const linked = await ctx.app.inject({
        method: 'POST',
        url: `/api/v1/tickets/${own.id}/links`,
        headers: agent.headers,
        payload: { kind: 'related', targetId: target.id },
      });
      expect(linked.statusCode, linked.body).toBe(201);
    }
    const read = (as: { headers: { authorization: string } }) =>
      ctx.app.inject({ method: 'GET', url: `/api/v1/tickets/${own.id}`, headers: as.headers });
    const seen = await read(mine);
    expect(seen.statusCode).toBe(200);
    expect(json<TicketDto>(seen).links.map((l) => l.ticket.id)).toEqual([ownOther.id]);
    expect(seen.body).not.toContain('工资条');
    const staff = json<TicketDto>(await read(agent));
    expect(staff.links.map((l) => l.ticket.id).sort()).toEqual([theirs.id, ownOther.id].sort());
  });
});
