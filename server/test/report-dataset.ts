import { sql } from 'drizzle-orm';
import type { ImportTicketLine, TicketStatus } from '../../contracts/tickets.ts';
import { confirmResolution, resolveTicket } from '../src/modules/resolution/index.ts';
import {
  answerCsatInPortal,
  answerNpsInPortal,
  createNpsCampaign,
  recordCallback,
} from '../src/modules/surveys/index.ts';
import { buildTeam, buildUser, type TestUser } from './factories.ts';
import { resolutionInput } from './factories-feedback.ts';
import { followUpsDone, type TestContext } from './harness.ts';

/** A local time in Shanghai (the default report time zone) on a day of 2026. */
export const cst = (day: string, time: string) => new Date(`2026-${day}T${time}:00+08:00`);
const at = (day: string, time: string) => cst(day, time).toISOString();

export interface ReportDataset {
  alice: TestUser;
  bob: TestUser;
  requesterA: TestUser;
  requesterB: TestUser;
  requesterC: TestUser;
  lead: TestUser;
  networkTeamId: number;
  /** Ticket ids by name: T1 ... T8. */
  ids: Record<'T1' | 'T2' | 'T3' | 'T4' | 'T5' | 'T6' | 'T7' | 'T8', number>;
}

/**
 * A small desk whose every figure for ISO week 2026-W10 (Mon 2 - Sun 8 March, Shanghai) is
 * worked out by hand in reports.test.ts. Histories are imported with their original times;
 * resolutions, confirmations, ratings and NPS answers go through the use cases at fixed times.
 *
 * T1 Mon 09:00 portal, Software/Finance, A, alice: answered 09:30, resolved 11:00, confirmed 12:00, CSAT 5.
 * T2 Tue 10:00 email, Network/VPN, high/high (P1), B, alice: answered 10:15, waits on the requester
 *    Tue 11:00 - Wed 09:00, resolved Wed 10:00, not fixed Thu 09:00, resolved Thu 15:00, confirmed Fri 09:00,
 *    CSAT 4 on a call-back Fri 10:00.
 * T3 Fri 17:00 portal, Network/VPN, C, bob: escalated L1 -> L2 at 17:30, waits on a vendor Sat 10:00 -
 *    Mon 9 10:00, answered Mon 9 09:00 (after the weekend), resolved Mon 9 12:00.
 * T4 Wed 14:00 phone, Account/Password, low/low (P4), C, bob: resolved at the first contact 14:05.
 * T5 Thu 09:00 portal, Software/Finance, A: a repeat of T1, never answered.
 * T6 Fri 27 Feb 10:00 portal, Hardware/Printer, B, bob: answered 11:00, resolved Mon 2 10:00, confirmed 11:00,
 *    CSAT 2 on Tue 3 09:00.
 * T7 Sat 20:00 portal, A: cancelled Sun 10:00.
 * T8 Mon 9 08:00 portal, Software/Finance, A: after the week.
 */
export async function buildReportDataset(ctx: TestContext): Promise<ReportDataset> {
  const admin = await buildUser(ctx, { role: 'admin' });
  const alice = await buildUser(ctx, { role: 'agent', name: 'Alice', email: 'alice@desk.example' });
  const bob = await buildUser(ctx, { role: 'agent', name: 'Bob', email: 'bob@desk.example' });
  const lead = await buildUser(ctx, { role: 'lead', email: 'lead@desk.example', locale: 'zh-CN' });
  const requesterA = await buildUser(ctx, { role: 'requester', email: 'a@corp.example' });
  const requesterB = await buildUser(ctx, { role: 'requester', email: 'b@corp.example' });
  const requesterC = await buildUser(ctx, { role: 'requester', email: 'c@corp.example' });
  await buildTeam(ctx, { name: 'Service Desk', tier: 'L1' });
  const network = await buildTeam(ctx, { name: 'Network', tier: 'L2' });

  const base = {
    description: 'see subject',
    type: 'incident' as const,
    impact: 'medium' as const,
    urgency: 'medium' as const,
  };
  const assign = (when: string, who: string, team = 'Service Desk') =>
    ({ at: when, kind: 'assign', assigneeEmail: who, team }) as const;
  const status = (when: string, s: TicketStatus) => ({ at: when, kind: 'status', status: s }) as const;
  const reply = (when: string, who?: string) =>
    ({ at: when, kind: 'message', body: 'On it.', ...(who ? { authorEmail: who } : {}) }) as const;

  const lines: ImportTicketLine[] = [
    {
      ...base,
      externalId: 'T1',
      subject: 'T1 财务系统无法导出报表',
      category: 'Software/Finance',
      channel: 'portal',
      requesterEmail: 'a@corp.example',
      createdAt: at('03-02', '09:00'),
      events: [
        assign(at('03-02', '09:10'), 'alice@desk.example'),
        reply(at('03-02', '09:30'), 'alice@desk.example'),
        status(at('03-02', '09:30'), 'in_progress'),
      ],
    },
    {
      ...base,
      externalId: 'T2',
      subject: 'T2 VPN down',
      category: 'Network/VPN',
      channel: 'email',
      impact: 'high',
      urgency: 'high',
      requesterEmail: 'b@corp.example',
      createdAt: at('03-03', '10:00'),
      events: [
        assign(at('03-03', '10:05'), 'alice@desk.example'),
        reply(at('03-03', '10:15'), 'alice@desk.example'),
        status(at('03-03', '10:15'), 'in_progress'),
        status(at('03-03', '11:00'), 'pending_requester'),
        reply(at('03-04', '09:00')),
        status(at('03-04', '09:00'), 'open'),
      ],
    },
    {
      ...base,
      externalId: 'T3',
      subject: 'T3 switch port flapping',
      category: 'Network/VPN',
      channel: 'portal',
      requesterEmail: 'c@corp.example',
      createdAt: at('03-06', '17:00'),
      events: [
        assign(at('03-06', '17:05'), 'bob@desk.example'),
        assign(at('03-06', '17:30'), 'bob@desk.example', 'Network'),
        status(at('03-06', '17:30'), 'in_progress'),
        status(at('03-07', '10:00'), 'pending_vendor'),
        reply(at('03-09', '09:00'), 'bob@desk.example'),
        status(at('03-09', '10:00'), 'in_progress'),
      ],
    },
    {
      ...base,
      externalId: 'T4',
      subject: 'T4 password reset',
      category: 'Account/Password',
      channel: 'phone',
      impact: 'low',
      urgency: 'low',
      type: 'service_request',
      requesterEmail: 'c@corp.example',
      createdAt: at('03-04', '14:00'),
      events: [assign(at('03-04', '14:01'), 'bob@desk.example')],
    },
    {
      ...base,
      externalId: 'T5',
      subject: 'T5 财务系统又无法导出',
      category: 'Software/Finance',
      channel: 'portal',
      requesterEmail: 'a@corp.example',
      createdAt: at('03-05', '09:00'),
    },
    {
      ...base,
      externalId: 'T6',
      subject: 'T6 printer jam',
      category: 'Hardware/Printer',
      channel: 'portal',
      requesterEmail: 'b@corp.example',
      createdAt: at('02-27', '10:00'),
      events: [
        assign(at('02-27', '10:30'), 'bob@desk.example'),
        reply(at('02-27', '11:00'), 'bob@desk.example'),
        status(at('02-27', '11:00'), 'in_progress'),
      ],
    },
    {
      ...base,
      externalId: 'T7',
      subject: 'T7 never mind',
      channel: 'portal',
      requesterEmail: 'a@corp.example',
      createdAt: at('03-07', '20:00'),
      events: [status(at('03-08', '10:00'), 'cancelled')],
    },
    {
      ...base,
      externalId: 'T8',
      subject: 'T8 导出又失败',
      category: 'Software/Finance',
      channel: 'portal',
      requesterEmail: 'a@corp.example',
      createdAt: at('03-09', '08:00'),
    },
  ];
  const imported = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/import/tickets',
    headers: { ...admin.headers, 'content-type': 'application/x-ndjson' },
    payload: lines.map((l) => JSON.stringify(l)).join('\n'),
  });
  const outcome = imported.json() as { created: number; errors: unknown[] };
  if (outcome.created !== lines.length) throw new Error(`import failed: ${imported.body}`);
  const rows = await ctx.database.db.execute<{ id: number; external_id: string }>(
    sql`select id, external_id from tickets where external_id like 'T_'`,
  );
  const ids = Object.fromEntries(rows.rows.map((r) => [r.external_id, Number(r.id)])) as ReportDataset['ids'];

  const db = ctx.database.db;
  const resolve = (agent: TestUser, ticketId: number, when: Date, firstContact = false) =>
    db.transaction((tx) =>
      resolveTicket({
        tx,
        actor: agent.actor,
        ticketId,
        input: resolutionInput({ firstContact }),
        now: when,
      }),
    );
  const confirm = (requester: TestUser, ticketId: number, fixed: boolean, when: Date) =>
    db.transaction((tx) =>
      confirmResolution({
        tx,
        actor: requester.actor,
        ticketId,
        // "Not fixed" always says why (issue 15).
        input: fixed ? { fixed } : { fixed, comment: 'Still broken after the fix.' },
        now: when,
      }),
    );
  const rate = (
    requester: TestUser,
    ticketId: number,
    when: Date,
    score: number,
    dims: [number, number, number, number],
  ) =>
    db.transaction((tx) =>
      answerCsatInPortal({
        tx,
        actor: requester.actor,
        ticketId,
        now: when,
        input: {
          score,
          dimensions: { speed: dims[0], attitude: dims[1], effectiveness: dims[2], overall: dims[3] },
        },
      }),
    );

  await resolve(alice, ids.T1, cst('03-02', '11:00'));
  await confirm(requesterA, ids.T1, true, cst('03-02', '12:00'));
  await rate(requesterA, ids.T1, cst('03-02', '13:00'), 5, [5, 4, 5, 5]);

  await resolve(alice, ids.T2, cst('03-04', '10:00'));
  await confirm(requesterB, ids.T2, false, cst('03-05', '09:00'));
  await resolve(alice, ids.T2, cst('03-05', '15:00'));
  await confirm(requesterB, ids.T2, true, cst('03-06', '09:00'));
  await db.transaction((tx) =>
    recordCallback({
      tx,
      actor: alice.actor,
      ticketId: ids.T2,
      input: { outcome: 'reached', score: 4, note: 'satisfied' },
      now: cst('03-06', '10:00'),
    }),
  );

  await resolve(bob, ids.T3, cst('03-09', '12:00'));
  await resolve(bob, ids.T4, cst('03-04', '14:05'), true);

  await resolve(bob, ids.T6, cst('03-02', '10:00'));
  await confirm(requesterB, ids.T6, true, cst('03-02', '11:00'));
  await rate(requesterB, ids.T6, cst('03-03', '09:00'), 2, [1, 3, 2, 2]);

  // NPS: A 10 (promoter), B 7 (passive), C 5 (detractor).
  const quality = await buildUser(ctx, { role: 'quality' });
  await db.transaction((tx) =>
    createNpsCampaign({
      tx,
      actor: quality.actor,
      input: {
        name: 'W10',
        userIds: [requesterA.user.id, requesterB.user.id, requesterC.user.id],
        organizationIds: [],
        expiresInDays: 30,
      },
      now: cst('03-02', '08:00'),
    }),
  );
  for (const [who, score] of [
    [requesterA, 10],
    [requesterB, 7],
    [requesterC, 5],
  ] as const) {
    const inv = await db.execute<{ id: number }>(
      sql`select id from nps_invitations where user_id = ${who.user.id}`,
    );
    await db.transaction((tx) =>
      answerNpsInPortal({
        tx,
        actor: who.actor,
        invitationId: Number(inv.rows[0]?.id),
        input: { score },
        now: cst('03-03', '12:00'),
      }),
    );
  }

  // SLA results as the SLA module stores them (ticket_sla): which clocks ended met or breached.
  const sla: [number, string | null, string | null, string | null][] = [
    // ticket, first response, next update, resolution
    [ids.T1, 'met', null, 'met'],
    [ids.T2, 'met', 'breached', 'breached'],
    [ids.T3, 'breached', null, null],
    [ids.T4, 'met', null, 'met'],
    [ids.T5, 'breached', null, null],
    [ids.T6, 'met', 'met', 'breached'],
    [ids.T7, null, null, null],
    [ids.T8, null, null, null],
  ];
  for (const [ticketId, firstResponse, nextUpdate, resolution] of sla) {
    await db.execute(sql`
      insert into ticket_sla (ticket_id, first_response_state, next_update_state, resolution_state, computed_at)
      values (${ticketId}, ${firstResponse}, ${nextUpdate}, ${resolution}, now())
      on conflict (ticket_id) do update set first_response_state = excluded.first_response_state,
        next_update_state = excluded.next_update_state, resolution_state = excluded.resolution_state`);
  }
  // The changes' follow-ups (report facts among them) are done before a test reads the facts.
  await followUpsDone(ctx);
  return { alice, bob, requesterA, requesterB, requesterC, lead, networkTeamId: network.id, ids };
}
