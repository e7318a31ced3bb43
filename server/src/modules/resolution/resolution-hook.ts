import type { Tx } from '../../platform/db/database.ts';
import type { TicketChange } from '../tickets/index.ts';
import { autoCloseDueAt, cancelAutoClose, scheduleAutoClose } from './auto-close.ts';
import { settleResolution } from './resolutions.ts';

/**
 * Follows every status change, whichever way it was made (the resolve and confirm use
 * cases, an agent's status change, an automation): a ticket entering `resolved` starts its
 * auto-close timer; leaving it stops the timer and settles a resolution still pending.
 */
export async function resolutionTicketHook(tx: Tx, change: TicketChange): Promise<void> {
  if (change.kind !== 'updated') return;
  const status = change.changes.status;
  if (!status || status.from === status.to) return;
  if (status.to === 'resolved') {
    await scheduleAutoClose(tx, change.ticketId, await autoCloseDueAt(tx, change.at));
  }
  if (status.from !== 'resolved') return;
  await cancelAutoClose(tx, change.ticketId);
  // Confirmation and auto-close settle the resolution themselves before the status moves;
  // this covers a member of staff closing or reopening the ticket by hand.
  const outcome = status.to === 'closed' ? 'closed_by_staff' : 'reopened_by_staff';
  await settleResolution(tx, change.ticketId, outcome, { at: change.at, by: change.actorId });
}
