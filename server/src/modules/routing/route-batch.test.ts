import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildUser, type TestUser, ticketInput } from '../../../test/factories.ts';
import { buildRoutingRule, buildTeamWith } from '../../../test/factories-routing.ts';
import { setupTestApp } from '../../../test/harness.ts';
import '../registry.ts';
import { recomputeClocks } from '../sla/index.ts';
import { createTickets, findTicketRecords } from '../tickets/index.ts';

const ctx = await setupTestApp();
const _api = (path: string) => `/api/v1${path}`;
const admin = await buildUser(ctx, { role: 'admin' });
const requester = await buildUser(ctx);
const word = () => `KW${randomBytes(3).toString('hex')}`;

const teamWith = (members: TestUser[]) => buildTeamWith(ctx, admin, members);
const rule = (payload: Record<string, unknown>) => buildRoutingRule(ctx, admin, payload);

describe('tickets opened together (one group commit)', () => {
  it('are routed as one by one: each by the first matching rule, round-robin in order', async () => {
    const [a, b] = [await buildUser(ctx, { role: 'agent' }), await buildUser(ctx, { role: 'agent' })];
    const vpnTeam = await teamWith([a, b]);
    const printerAgent = await buildUser(ctx, { role: 'agent' });
    const printerTeam = await teamWith([printerAgent]);
    const [vpn, printer] = [word(), word()];
    await rule({ name: 'VPN', match: { keywords: [vpn] }, teamId: vpnTeam.id, strategy: 'round_robin' });
    await rule({
      name: 'Printers',
      match: { keywords: [printer] },
      teamId: printerTeam.id,
      strategy: 'manual',
    });
    const subjects = [
      `${vpn} 无法连接 1`,
      'nothing to match here',
      `${printer} 卡纸`,
      `${vpn} 无法连接 2`,
      `${vpn} 无法连接 3`,
    ];
    const opened = await ctx.database.db.transaction((tx) =>
      createTickets(
        tx,
        subjects.map((subject) => ({ actor: requester.actor, input: ticketInput({ subject }) })),
      ),
    );
    expect(opened.map((t) => t.subject)).toEqual(subjects);
    const records = new Map(
      (
        await findTicketRecords(
          ctx.database.db,
          opened.map((t) => t.id),
        )
      ).map((r) => [r.id, r]),
    );
    const routed = opened.map((t) => records.get(t.id));
    const [first, second] = [a.user.id, b.user.id].sort((x, y) => x - y);
    expect(routed.map((r) => r?.teamId ?? null)).toEqual([
      vpnTeam.id,
      null,
      printerTeam.id,
      vpnTeam.id,
      vpnTeam.id,
    ]);
    expect(routed.map((r) => r?.assigneeId ?? null)).toEqual([first, null, null, second, first]);
    // Each routed ticket has its own routing event, as when opened alone.
    const ids = `{${opened.map((t) => t.id).join(',')}}`;
    const events = await ctx.database.db.execute<{ ticket_id: number }>(
      sql`select ticket_id from audit_events where kind = 'ticket.routed' and ticket_id = any(${ids}::bigint[])
           order by ticket_id`,
    );
    expect(events.rows.map((r) => r.ticket_id)).toEqual(
      [opened[0], opened[2], opened[3], opened[4]].map((t) => t?.id),
    );
  });

  it('get the same clocks as when each is recomputed alone', async () => {
    const inputs = [
      ticketInput({ subject: 'SLA batch 1', impact: 'high', urgency: 'high' }),
      ticketInput({ subject: 'SLA batch 2', impact: 'low', urgency: 'low', type: 'service_request' }),
      ticketInput({ subject: 'SLA batch 3', impact: 'medium', urgency: 'high', category: '硬件/打印机' }),
    ];
    const opened = await ctx.database.db.transaction((tx) =>
      createTickets(
        tx,
        inputs.map((input) => ({ actor: requester.actor, input })),
      ),
    );
    const ids = `{${opened.map((t) => t.id).join(',')}}`;
    const read = () =>
      ctx.database.db.execute<Record<string, unknown>>(
        sql`select ticket_id, policy_id, first_response_due_at, resolution_due_at, next_due_at,
                   first_response_state, resolution_state, timers
              from ticket_sla where ticket_id = any(${ids}::bigint[]) order by ticket_id`,
      );
    const together = (await read()).rows;
    expect(together).toHaveLength(inputs.length);
    expect(together.every((row) => row.resolution_due_at !== null)).toBe(true);
    // One at a time, now: nothing to change, and no row rewritten.
    for (const ticket of opened) {
      const result = await ctx.database.db.transaction((tx) => recomputeClocks(tx, [ticket.id], Date.now()));
      expect(result).toMatchObject({ tickets: 1, rowsWritten: 0, timersAdded: 0, timersRemoved: 0 });
    }
    expect((await read()).rows).toEqual(together);
  });
});
