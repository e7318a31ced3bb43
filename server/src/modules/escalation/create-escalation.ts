import { sql } from 'drizzle-orm';
import type { CreateEscalationInput, EscalationDto } from '../../../../contracts/escalation.ts';
import { escalations } from '../../db/schema/escalation.ts';
import type { Tx } from '../../platform/db/database.ts';
import { publish } from '../../platform/events/events.ts';
import { AppError } from '../../platform/http/errors.ts';
import { type RecordedEvent, recordEvent } from '../audit/index.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { tellStaff } from '../notifications/index.ts';
import { nextTierTeam } from '../routing/index.ts';
import { breachPlan, reasonText } from '../sla/index.ts';
import { assertTicketAction, updateTicket } from '../tickets/index.ts';
import { getEscalation } from './escalation-queries.ts';

export type EscalationTrigger = 'manual' | 'sla_breach' | 'nudge';

interface TicketRow extends Record<string, unknown> {
  id: number;
  team_id: number | null;
  assignee_id: number | null;
  status: string;
}

/** Team leads of a team (or every lead, for a ticket without a team): the managers of ES-2. */
async function managersOf(tx: Tx, teamId: number | null): Promise<number[]> {
  const result =
    teamId === null
      ? await tx.execute<{ id: number }>(sql`select id from identity_users_v where role = 'lead' and active`)
      : await tx.execute<{ id: number }>(sql`
          select u.id from identity_team_members_v m join identity_users_v u on u.id = m.user_id
           where m.team_id = ${teamId} and u.role = 'lead' and u.active`);
  return result.rows.map((row) => row.id);
}

async function membersOf(tx: Tx, teamId: number): Promise<number[]> {
  const result = await tx.execute<{ id: number }>(sql`
    select u.id from identity_team_members_v m join identity_users_v u on u.id = m.user_id where m.team_id = ${teamId} and u.active`);
  return result.rows.map((row) => row.id);
}

/**
 * Escalates a ticket (ES-2, ES-3) and keeps the record: functionally to another team (the
 * chosen one, else the next tier), whose members are told; or hierarchically to the managers
 * (the team's leads). The assignee stays: the first-tier owner keeps the requester informed.
 */
export async function createEscalation(options: {
  tx: Tx;
  actor: Actor;
  ticketId: number;
  input: CreateEscalationInput;
  trigger?: EscalationTrigger;
  now?: Date;
}): Promise<EscalationDto> {
  const { tx, actor, ticketId, input } = options;
  const trigger = options.trigger ?? 'manual';
  const now = options.now ?? new Date();
  assertCan(actor, 'ticket.work');
  const found = await tx.execute<TicketRow>(
    sql`select id, team_id, assignee_id, status from tickets_v where id = ${ticketId} for update`,
  );
  const ticket = found.rows[0];
  if (!ticket) throw new AppError('ticket.not_found');
  assertTicketAction(ticket.status, 'escalate');

  let toTeamId: number | null = null;
  let notified: number[];
  if (input.kind === 'functional') {
    toTeamId = input.toTeamId ?? (await nextTierTeam(tx, ticket.team_id));
    if (toTeamId === null) throw new AppError('escalation.no_next_tier', { field: 'toTeamId' });
    if (toTeamId === ticket.team_id) throw new AppError('escalation.same_team', { field: 'toTeamId' });
    // updateTicket checks that the team exists and records the move in the timeline.
    await updateTicket({ tx, actor, ticketId, input: { teamId: toTeamId }, now });
    notified = await membersOf(tx, toTeamId);
  } else {
    toTeamId = input.toTeamId ?? null;
    notified = await managersOf(tx, ticket.team_id);
  }
  const [row] = await tx
    .insert(escalations)
    .values({
      ticketId,
      kind: input.kind,
      trigger,
      reason: input.reason,
      tried: input.tried,
      fromTeamId: ticket.team_id,
      toTeamId,
      ownerId: ticket.assignee_id,
      notifiedUserIds: notified,
      createdBy: actor.id,
      createdAt: now,
    })
    .returning({ id: escalations.id });
  if (!row) throw new Error('insert returned no row');
  await recordEvent(tx, {
    kind: 'ticket.escalated',
    entityType: 'ticket',
    entityId: ticketId,
    ticketId,
    actorId: actor.id,
    at: now,
    data: {
      escalationId: row.id,
      escalationKind: input.kind,
      trigger,
      reason: input.reason,
      tried: input.tried,
      fromTeamId: ticket.team_id,
      toTeamId,
      notifiedUserIds: notified,
      internal: true,
    },
  });
  const number = await tx.execute<{ number: number }>(
    sql`select number from tickets_v where id = ${ticketId}`,
  );
  const ticketNumber = number.rows[0]?.number ?? ticketId;
  await tellStaff(tx, {
    userIds: notified,
    event: 'ticket.escalated',
    ticketId,
    data: { escalationId: row.id, kind: input.kind, trigger },
    words: (locale) =>
      locale === 'zh-CN'
        ? {
            title: `工单 #${ticketNumber} 已升级（${input.kind === 'functional' ? '职能升级' : '层级升级'}）`,
            body: `升级原因：${reasonText(input.reason, 'zh-CN')}\n已尝试：${input.tried || '—'}`,
          }
        : {
            title: `Ticket #${ticketNumber} escalated (${input.kind})`,
            body: `Why: ${reasonText(input.reason, 'en')}\nTried: ${input.tried || '—'}`,
          },
  });
  await publish(tx, {
    type: 'ticket.escalated',
    ticketId,
    ...(notified.length ? { userIds: notified } : {}),
    data: { escalationId: row.id, kind: input.kind, trigger, reason: input.reason },
  });
  return getEscalation(tx, row.id);
}

/**
 * The escalation a missed SLA target causes: to the next tier when the team has one, else to
 * the managers.
 */
export async function escalateOnBreach(
  tx: Tx,
  options: { ticketId: number; reason: string; actor: Actor; at: Date },
): Promise<EscalationDto> {
  const team = await tx.execute<{ team_id: number | null }>(
    sql`select team_id from tickets_v where id = ${options.ticketId}`,
  );
  const next = await nextTierTeam(tx, team.rows[0]?.team_id ?? null);
  return createEscalation({
    tx,
    actor: options.actor,
    ticketId: options.ticketId,
    input: {
      kind: next === null ? 'hierarchical' : 'functional',
      reason: options.reason,
      tried: '',
      ...(next === null ? {} : { toTeamId: next }),
    },
    trigger: 'sla_breach',
    now: options.at,
  });
}

/**
 * Subscribed to `sla.breached` by the module registry (after the SLA module's priority raise):
 * escalates when the breached clock's policy asks to move the ticket to the next tier.
 */
export async function escalateOnSlaBreach(tx: Tx, event: RecordedEvent<'sla.breached'>): Promise<void> {
  const plan = await breachPlan(tx, event);
  if (!plan?.escalateToNextTier) return;
  await escalateOnBreach(tx, {
    ticketId: plan.ticketId,
    reason: plan.reason,
    actor: plan.actor,
    at: plan.at,
  });
}
