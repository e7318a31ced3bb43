import type { ConfirmResolutionInput, ConfirmResolutionResult } from '../../../../contracts/resolution.ts';
import type { Tx } from '../../platform/db/database.ts';
import { publish } from '../../platform/events/events.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import type { Actor } from '../identity/index.ts';
import { addMessage, assertTicketVisible, changeStatus, getTicket } from '../tickets/index.ts';
import { loadResolution, settleResolution } from './resolutions.ts';

/**
 * The requester answers the resolution (RS-2): fixed closes the ticket; not fixed needs a
 * reason, reopens the ticket (the status machine counts the reopen), posts the reason as the
 * requester's message and tells the assignee at once.
 */
export async function confirmResolution(options: {
  tx: Tx;
  actor: Actor;
  ticketId: number;
  input: ConfirmResolutionInput;
  now?: Date;
}): Promise<ConfirmResolutionResult> {
  const { tx, actor, ticketId, input } = options;
  const now = options.now ?? new Date();
  const ticket = await assertTicketVisible(tx, actor, ticketId, { forUpdate: true });
  if (ticket.requesterId !== actor.id) throw new AppError('resolution.not_requester');
  if (ticket.status !== 'resolved') {
    throw new AppError('resolution.not_resolved', { params: { status: ticket.status } });
  }
  const comment = input.comment?.trim() || null;
  if (!input.fixed && !comment) throw new AppError('resolution.reason_required', { field: 'comment' });
  const resolutionId = await settleResolution(tx, ticketId, input.fixed ? 'confirmed' : 'rejected', {
    at: now,
    by: actor.id,
    comment,
  });
  const moved = await changeStatus({ tx, actor, ticketId, to: input.fixed ? 'closed' : 'open', now });
  await recordEvent(tx, {
    kind: input.fixed ? 'resolution.confirmed' : 'resolution.rejected',
    entityType: 'resolution',
    entityId: resolutionId,
    ticketId,
    actorId: actor.id,
    at: now,
    data: { resolutionId, fixed: input.fixed, comment },
  });
  if (!input.fixed && comment) {
    // The reason is part of the conversation (the agent reads it where they reply), and the
    // assignee's notification carries it (notifications/ticket-notifications.ts).
    await addMessage({
      tx,
      actor,
      ticketId,
      input: { body: comment, internal: false, purpose: 'resolution_rejected' },
      now,
    });
    await publish(tx, {
      type: 'resolution.rejected',
      ticketId,
      ...(moved.assignee ? { userIds: [moved.assignee.id] } : {}),
      data: {
        number: moved.number,
        subject: moved.subject,
        comment,
        reopenCount: moved.reopenCount,
      },
    });
  }
  const resolution = resolutionId === null ? null : await loadResolution(tx, resolutionId, actor.locale);
  return { ticket: await getTicket({ tx, actor, ticketId }), resolution };
}
