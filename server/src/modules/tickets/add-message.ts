import { eq } from 'drizzle-orm';
import type { Channel, MessageDto } from '../../../../contracts/tickets.ts';
import { ticketMessages, tickets } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, can, isStaff } from '../identity/index.ts';
import { announceTicketChange } from './announce-change.ts';
import { writeStatusChange } from './change-status.ts';
import { assertTicketVisible } from './get-ticket.ts';
import { presentMessage } from './messages.ts';
import { isFinal } from './status-machine.ts';
import { type MessagePurpose, runTicketHooks, type TicketChange } from './ticket-hooks.ts';

/**
 * A public reply or an internal note. A requester's reply to a ticket that waits on them
 * puts it back to `open`, so that the desk sees it and the paused clock resumes.
 */
export async function addMessage(options: {
  tx: Tx;
  actor: Actor;
  ticketId: number;
  input: { body: string; internal: boolean; channel?: Channel; purpose?: MessagePurpose };
  now?: Date;
}): Promise<MessageDto> {
  const { tx, actor, ticketId, input } = options;
  const now = options.now ?? new Date();
  if (input.internal && !can(actor, 'ticket.internal')) {
    throw new AppError('ticket.internal_forbidden', { field: 'internal' });
  }
  const ticket = await assertTicketVisible(tx, actor, ticketId, { forUpdate: true });
  const staff = isStaff(actor);
  if (!staff && isFinal(ticket.status))
    throw new AppError('ticket.closed', { params: { status: ticket.status } });
  const channel = input.channel ?? 'portal';
  const [message] = await tx
    .insert(ticketMessages)
    .values({
      ticketId,
      authorId: actor.id,
      body: input.body,
      internal: input.internal,
      channel,
      createdAt: now,
    })
    .returning();
  if (!message) throw new Error('insert returned no row');
  await recordEvent(tx, {
    kind: 'message.created',
    entityType: 'message',
    entityId: message.id,
    ticketId,
    actorId: actor.id,
    at: now,
    data: {
      messageId: message.id,
      internal: message.internal,
      fromStaff: staff,
      ...(input.purpose ? { purpose: input.purpose } : {}),
    },
  });
  // A requester's reply to a ticket that waits on them puts it back to `open`, through the
  // status machine like every status change.
  let resumed: TicketChange | null = null;
  if (!staff && ticket.status === 'pending_requester') {
    const [before] = await tx.select().from(tickets).where(eq(tickets.id, ticketId));
    if (before)
      resumed = await writeStatusChange(tx, { actor, before, to: 'open', now, reason: 'requester_replied' });
  } else {
    await tx.update(tickets).set({ updatedAt: now }).where(eq(tickets.id, ticketId));
  }
  await runTicketHooks(tx, [
    {
      kind: 'message',
      ticketId,
      actorId: actor.id,
      at: now,
      messageId: message.id,
      internal: message.internal,
      fromStaff: staff,
      ...(input.purpose ? { purpose: input.purpose } : {}),
    },
  ]);
  if (resumed) await runTicketHooks(tx, [resumed]);
  await announceTicketChange(tx, {
    ticketId,
    requesterId: ticket.requesterId,
    kind: 'message',
    staffOnly: message.internal,
  });
  return presentMessage(
    message,
    { id: actor.id, name: actor.name, email: actor.email, role: actor.role },
    [],
  );
}
