import { desc, eq, sql } from 'drizzle-orm';
import type { NudgeDto } from '../../../../contracts/escalation.ts';
import { nudges } from '../../db/schema/escalation.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { publish } from '../../platform/events/events.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, systemActor } from '../identity/index.ts';
import { tellStaff } from '../notifications/index.ts';
import { assertTicketVisible, isFinal } from '../tickets/index.ts';
import { createEscalation } from './create-escalation.ts';

const HOUR = 3_600_000;
/** Every third nudge goes to the team lead. */
const ESCALATE_EVERY = 3;

const iso = (value: Date | string) => (value instanceof Date ? value : new Date(value)).toISOString();

/**
 * The requester urges their open ticket (CM-3 催办): recorded, shown to the desk at once, at
 * most once an hour; the third nudge escalates to the team lead.
 */
export async function nudgeTicket(options: {
  tx: Tx;
  actor: Actor;
  ticketId: number;
  input: { message?: string | undefined };
  now?: Date;
}): Promise<NudgeDto> {
  const { tx, actor, ticketId, input } = options;
  const now = options.now ?? new Date();
  const ticket = await assertTicketVisible(tx, actor, ticketId, { forUpdate: true });
  if (ticket.requesterId !== actor.id) throw new AppError('nudge.requester_only');
  if (isFinal(ticket.status) || ticket.status === 'resolved') throw new AppError('nudge.ticket_not_open');
  const [last] = await tx
    .select({ createdAt: nudges.createdAt, ordinal: nudges.ordinal })
    .from(nudges)
    .where(eq(nudges.ticketId, ticketId))
    .orderBy(desc(nudges.createdAt), desc(nudges.id))
    .limit(1);
  if (last && now.getTime() - last.createdAt.getTime() < HOUR) {
    throw new AppError('nudge.too_soon', {
      params: { retryAt: new Date(last.createdAt.getTime() + HOUR) },
    });
  }
  const ordinal = (last?.ordinal ?? 0) + 1;
  const [row] = await tx
    .insert(nudges)
    .values({ ticketId, requesterId: actor.id, ordinal, message: input.message ?? null, createdAt: now })
    .returning();
  if (!row) throw new Error('insert returned no row');
  await recordEvent(tx, {
    kind: 'ticket.nudged',
    entityType: 'ticket',
    entityId: ticketId,
    ticketId,
    actorId: actor.id,
    at: now,
    data: { nudgeId: row.id, ordinal, message: row.message },
  });
  const desk = await tx.execute<{ assignee_id: number | null; team_id: number | null }>(
    sql`select assignee_id, team_id from tickets_v where id = ${ticketId}`,
  );
  const assignee = desk.rows[0]?.assignee_id ?? null;
  const number = await tx.execute<{ number: number }>(
    sql`select number from tickets_v where id = ${ticketId}`,
  );
  const ticketNumber = number.rows[0]?.number ?? ticketId;
  if (assignee !== null) {
    await tellStaff(tx, {
      userIds: [assignee],
      event: 'ticket.nudged',
      ticketId,
      data: { ordinal },
      words: (locale) =>
        locale === 'zh-CN'
          ? {
              title: `请求人催办工单 #${ticketNumber}（第 ${ordinal} 次）`,
              body: row.message ?? '请求人希望尽快得到处理。',
            }
          : {
              title: `Ticket #${ticketNumber} nudged by the requester (${ordinal})`,
              body: row.message ?? 'The requester asks for progress.',
            },
    });
  }
  await publish(tx, {
    type: 'ticket.nudged',
    ticketId,
    ...(assignee !== null ? { userIds: [assignee] } : {}),
    data: { ordinal, message: row.message },
  });
  const escalated = ordinal % ESCALATE_EVERY === 0;
  if (escalated) {
    await createEscalation({
      tx,
      actor: await systemActor(tx, 'automation'),
      ticketId,
      input: {
        kind: 'hierarchical',
        reason: `请求人第 ${ordinal} 次催办 / The requester nudged ${ordinal} times`,
        tried: '',
      },
      trigger: 'nudge',
      now,
    });
  }
  return {
    id: row.id,
    ticketId,
    ordinal,
    message: row.message,
    createdAt: iso(row.createdAt),
    escalated,
    nextAllowedAt: new Date(now.getTime() + HOUR).toISOString(),
  };
}

/** The nudges of a ticket (its requester and the desk may read them). */
export async function listNudges(options: {
  tx: Queryable;
  actor: Actor;
  ticketId: number;
}): Promise<{ items: Omit<NudgeDto, 'escalated' | 'nextAllowedAt'>[] }> {
  await assertTicketVisible(options.tx, options.actor, options.ticketId);
  const rows = await options.tx
    .select()
    .from(nudges)
    .where(eq(nudges.ticketId, options.ticketId))
    .orderBy(nudges.createdAt, nudges.id);
  return {
    items: rows.map((row) => ({
      id: row.id,
      ticketId: row.ticketId,
      ordinal: row.ordinal,
      message: row.message,
      createdAt: iso(row.createdAt),
    })),
  };
}
