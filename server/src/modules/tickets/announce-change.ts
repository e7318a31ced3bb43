import type { Tx } from '../../platform/db/database.ts';
import { type LiveEvent, publishMany } from '../../platform/events/events.ts';

interface Announced {
  ticketId: number;
  requesterId: number;
  kind: 'created' | 'updated' | 'message';
  staffOnly?: boolean;
}

/** The live events that tell open browsers a ticket changed: all staff, and the requester. */
export function changeAnnouncements(change: Announced): LiveEvent[] {
  const data = { kind: change.kind };
  return [
    { type: 'ticket.changed', ticketId: change.ticketId, data },
    // Requesters are not told about internal notes, not even that one was written.
    ...(change.staffOnly
      ? []
      : [{ type: 'ticket.changed', ticketId: change.ticketId, userIds: [change.requesterId], data }]),
  ];
}

/**
 * Tells open browsers that a ticket changed (`ticket.changed` over Server-Sent Events), so
 * queues and ticket pages refresh. Sent on commit only.
 */
export async function announceTicketChange(tx: Tx, change: Announced): Promise<void> {
  await publishMany(tx, changeAnnouncements(change));
}
