import { desc, eq, sql } from 'drizzle-orm';
import type { LogCallInput, PhoneCallDto } from '../../../../../contracts/channels.ts';
import { phoneCalls } from '../../../db/schema.ts';
import type { Queryable, Tx } from '../../../platform/db/database.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { recordEvent } from '../../audit/index.ts';
import { type Actor, assertCan } from '../../identity/index.ts';
import { addMessage, createTicket, getTicket, updateTicket } from '../../tickets/index.ts';
import { scheduleCallback } from './callbacks.ts';

type Row = typeof phoneCalls.$inferSelect;

export function presentCall(row: Row): PhoneCallDto {
  return {
    id: row.id,
    ticketId: row.ticketId,
    callerId: row.callerId,
    callerName: row.callerName,
    callerNumber: row.callerNumber,
    direction: row.direction,
    durationSeconds: row.durationSeconds,
    outcome: row.outcome,
    notes: row.notes,
    agentId: row.agentId,
    loggedAt: row.loggedAt.toISOString(),
  };
}

const invalid = (detail: string, field: string) =>
  new AppError('channels.call_invalid', { field, params: { detail } });

/**
 * The call log form: records who called, for how long and what came of it, on top of the
 * tickets API's phone channel: a new ticket for the caller, a note on an existing one, a
 * resolution on the spot (counted as first-contact resolution), or a call-back.
 */
export async function logCall(options: { tx: Tx; actor: Actor; input: LogCallInput }): Promise<PhoneCallDto> {
  const { tx, actor, input } = options;
  assertCan(actor, 'ticket.work');
  let ticketId = input.ticketId ?? null;
  const minutes = Math.max(1, Math.round(input.durationSeconds / 60));
  const summary = `${actor.locale === 'zh-CN' ? '电话记录' : 'Phone call'} (${input.callerName}${input.callerNumber ? `, ${input.callerNumber}` : ''}, ${minutes} min): ${input.notes}`;

  if (input.outcome === 'ticket_created' || (input.outcome === 'resolved_on_call' && !ticketId)) {
    if (!input.ticket) throw invalid('the ticket to open is missing', 'ticket');
    if (!input.callerId) throw invalid('the caller must be a known requester', 'callerId');
    const ticket = await createTicket({
      tx,
      actor,
      input: {
        ...input.ticket,
        ...(input.ticket.category ? { category: input.ticket.category } : {}),
        channel: 'phone',
        requesterId: input.callerId,
      },
    });
    ticketId = ticket.id;
  }
  if (input.outcome === 'added_to_ticket' && !ticketId) throw invalid('which ticket?', 'ticketId');
  if (input.outcome === 'callback_scheduled' && !input.callback)
    throw invalid('when to call back?', 'callback');
  if (ticketId && input.outcome !== 'ticket_created') {
    await getTicket({ tx, actor, ticketId });
    await addMessage({ tx, actor, ticketId, input: { body: summary, internal: true, channel: 'phone' } });
  }
  if (input.outcome === 'resolved_on_call' && ticketId) {
    await updateTicket({ tx, actor, ticketId, input: { status: 'resolved', assigneeId: actor.id } });
  }
  const [row] = await tx
    .insert(phoneCalls)
    .values({
      ticketId,
      callerId: input.callerId ?? null,
      callerName: input.callerName,
      callerNumber: input.callerNumber ?? null,
      direction: input.direction,
      durationSeconds: input.durationSeconds,
      outcome: input.outcome,
      notes: input.notes,
      agentId: actor.id,
    })
    .returning();
  if (!row) throw new Error('insert returned no row');
  if (input.outcome === 'callback_scheduled' && input.callback) {
    await scheduleCallback({
      tx,
      actor,
      input: {
        ...(ticketId ? { ticketId } : {}),
        contactName: input.callerName,
        phone: input.callerNumber ?? '',
        reason: input.callback.reason,
        dueAt: input.callback.dueAt,
      },
    });
  }
  await recordEvent(tx, {
    kind: 'phone.call_logged',
    entityType: 'phone_call',
    entityId: row.id,
    ticketId,
    actorId: actor.id,
    data: {
      callId: row.id,
      outcome: row.outcome,
      durationSeconds: row.durationSeconds,
      caller: row.callerName,
    },
  });
  return presentCall(row);
}

export async function listCalls(options: {
  tx: Queryable;
  actor: Actor;
  ticketId?: number;
}): Promise<PhoneCallDto[]> {
  const { tx, actor, ticketId } = options;
  assertCan(actor, 'ticket.work');
  const rows = await tx
    .select()
    .from(phoneCalls)
    .where(ticketId ? eq(phoneCalls.ticketId, ticketId) : eq(phoneCalls.agentId, actor.id))
    .orderBy(desc(phoneCalls.loggedAt))
    .limit(200);
  return rows.map(presentCall);
}

/** Calls per outcome, for the channel's share of first-contact resolution. */
export async function callStats(tx: Queryable): Promise<Record<string, number>> {
  const result = await tx.execute<{ outcome: string; n: number }>(
    sql`select outcome, count(*)::int as n from phone_calls group by outcome`,
  );
  return Object.fromEntries(result.rows.map((r) => [r.outcome, Number(r.n)]));
}
