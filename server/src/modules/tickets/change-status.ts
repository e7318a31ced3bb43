import { eq } from 'drizzle-orm';
import type { TicketDto, TicketStatus } from '../../../../contracts/tickets.ts';
import { tickets } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { diff, recordEvent } from '../audit/index.ts';
import { type Actor, isStaff } from '../identity/index.ts';
import { announceTicketChange } from './announce-change.ts';
import { assertTicketVisible, getTicket } from './get-ticket.ts';
import { transition } from './status-machine.ts';
import { runTicketHooks, type TicketChange } from './ticket-hooks.ts';
import { ticketNotFound } from './visibility.ts';

type TicketRecord = typeof tickets.$inferSelect;

/** The moves a requester makes on their own ticket: answering it, confirming or rejecting its resolution. */
const REQUESTER_MOVES: Readonly<Partial<Record<TicketStatus, readonly TicketStatus[]>>> = {
  pending_requester: ['open'],
  resolved: ['closed', 'open'],
};

/**
 * The columns a status change sets, from the status machine (`transition`): the one place a
 * ticket's status is decided, for every actor and every path (updateTicket, a requester's
 * reply, a confirmation, the auto-close). A move the machine refuses is a 409.
 */
export function statusMove(
  before: Pick<TicketRecord, 'status' | 'reopenCount'>,
  to: TicketStatus,
  now: Date,
): Partial<TicketRecord> {
  const moved = transition(before.status as TicketStatus, to, now);
  if (!moved.ok) {
    throw new AppError('ticket.invalid_transition', { field: 'status', params: { from: before.status, to } });
  }
  const { reopened, ...effects } = moved.effects;
  return reopened ? { ...effects, reopenCount: before.reopenCount + 1 } : effects;
}

/** Why a status changed when no person chose it (recorded on `ticket.updated`). */
export type StatusChangeReason = 'requester_replied';

/**
 * Writes a status change on a locked ticket row and records it (`ticket.updated`, as
 * updateTicket records it; `reason` says why when no person chose the status). Returns the
 * change for the caller's ticket hooks.
 */
export async function writeStatusChange(
  tx: Tx,
  options: { actor: Actor; before: TicketRecord; to: TicketStatus; now: Date; reason?: StatusChangeReason },
): Promise<TicketChange & { kind: 'updated' }> {
  const { actor, before, to, now } = options;
  const next = statusMove(before, to, now);
  const changes = diff(before, next);
  await tx
    .update(tickets)
    .set({ ...next, updatedAt: now })
    .where(eq(tickets.id, before.id));
  const recorded = { ...changes };
  for (const key of ['resolvedAt', 'closedAt', 'updatedAt']) delete recorded[key];
  await recordEvent(tx, {
    kind: 'ticket.updated',
    entityType: 'ticket',
    entityId: before.id,
    ticketId: before.id,
    actorId: actor.id,
    at: now,
    data: { changes: recorded, ...(options.reason ? { reason: options.reason } : {}) },
  });
  return { kind: 'updated', ticketId: before.id, actorId: actor.id, at: now, changes };
}

/**
 * Moves a ticket to another status: staff (and the desk's own actors) any move the status
 * machine allows; a requester only the moves of REQUESTER_MOVES on their own ticket.
 */
export async function changeStatus(options: {
  tx: Tx;
  actor: Actor;
  ticketId: number;
  to: TicketStatus;
  now?: Date;
  reason?: StatusChangeReason;
}): Promise<TicketDto> {
  const { tx, actor, ticketId, to } = options;
  const now = options.now ?? new Date();
  const [before] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for('update');
  const staff = isStaff(actor);
  if (!before) throw ticketNotFound();
  if (!staff && before.requesterId !== actor.id) {
    await assertTicketVisible(tx, actor, ticketId); // 404 when they may not even see it
    throw new AppError('auth.forbidden');
  }
  if (before.status === to) return getTicket({ tx, actor, ticketId });
  if (!staff && !REQUESTER_MOVES[before.status as TicketStatus]?.includes(to)) {
    throw new AppError('auth.forbidden');
  }
  const change = await writeStatusChange(tx, { actor, before, to, now, reason: options.reason });
  await runTicketHooks(tx, [change]);
  await announceTicketChange(tx, { ticketId, requesterId: before.requesterId, kind: 'updated' });
  return getTicket({ tx, actor, ticketId });
}
