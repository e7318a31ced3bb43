import type { TicketDto } from '../../../../contracts/tickets.ts';
import type { MergeTicketInput } from '../../../../contracts/triage.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvents } from '../audit/index.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { assertTicketVisible, createLink, hasLink, isFinal, updateTicket } from '../tickets/index.ts';

/**
 * Merges a duplicate into the ticket that carries on. Nothing is copied or moved: the duplicate
 * keeps its own conversation, is linked `duplicate_of` the surviving ticket (if not already), and
 * is cancelled. Both timelines record the merge. Merging into itself or a final ticket is refused.
 */
export async function mergeTicket(options: {
  tx: Tx;
  actor: Actor;
  ticketId: number;
  input: MergeTicketInput;
  now?: Date;
}): Promise<TicketDto> {
  const { tx, actor, ticketId, input } = options;
  assertCan(actor, 'ticket.work');
  const source = await assertTicketVisible(tx, actor, ticketId, { forUpdate: true });
  let target: Awaited<ReturnType<typeof assertTicketVisible>>;
  try {
    target = await assertTicketVisible(tx, actor, input.intoTicketId);
  } catch (error) {
    if (error instanceof AppError) throw new AppError('ticket.not_found', { field: 'intoTicketId' });
    throw error;
  }
  if (source.id === target.id || isFinal(source.status) || isFinal(target.status))
    throw new AppError('triage.merge_invalid', { field: 'intoTicketId' });

  if (!(await hasLink(tx, source.id, target.id, 'duplicate_of')))
    await createLink({
      tx,
      actor,
      ticketId: source.id,
      input: { kind: 'duplicate_of', targetId: target.id },
    });

  const merged = await updateTicket({
    tx,
    actor,
    ticketId: source.id,
    input: { status: 'cancelled' },
    now: options.now,
  });
  const data = {
    fromTicketId: source.id,
    intoTicketId: target.id,
    fromNumber: merged.number,
    intoNumber: merged.links.find((link) => link.ticket.id === target.id)?.ticket.number ?? null,
  };
  await recordEvents(
    tx,
    [source.id, target.id].map((id) => ({
      kind: 'ticket.merged',
      entityType: 'ticket',
      entityId: source.id,
      ticketId: id,
      actorId: actor.id,
      data,
    })),
  );
  return merged;
}
