import type { Tx } from '../../platform/db/database.ts';
import { publishMany } from '../../platform/events/events.ts';

/**
 * Tells open browsers that a ticket changed (`ticket.changed` over Server-Sent Events), so
 * queues and ticket pages refresh: all staff, and the requester. Sent on commit only.
 */
export async function announceTicketChange(
  tx: Tx,
  change: {
    ticketId: number;
    requesterId: number;
    kind: 'created' | 'updated' | 'message';
    staffOnly?: boolean;
  },
): Promise<void> {
  const data = { kind: change.kind };
  await publishMany(tx, [
    { type: 'ticket.changed', ticketId: change.ticketId, data },
    // Requesters are not told about internal notes, not even that one was written.
    ...(change.staffOnly
      ? []
      : [{ type: 'ticket.changed', ticketId: change.ticketId, userIds: [change.requesterId], data }]),
  ]);
}
