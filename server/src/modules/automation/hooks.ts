import type { Tx } from '../../platform/db/database.ts';
import type { RecordedEvent } from '../audit/index.ts';
import type { TicketChange } from '../tickets/index.ts';
import { runRules } from './run-rules.ts';

/**
 * A ticket hook (registry.ts, after routing and SLA, so that rules see the routed ticket): a
 * new ticket, a change, a message run the rules of their trigger in the change's transaction.
 * Imported history runs none.
 */
export async function automationOnTicketChange(tx: Tx, change: TicketChange): Promise<void> {
  if (change.kind === 'created' && !change.imported) return runRules(tx, 'ticket.created', change);
  if (change.kind === 'updated') return runRules(tx, 'ticket.updated', change);
  if (change.kind === 'message') return runRules(tx, 'ticket.message_added', change);
}

/** `onEvent('sla.warning' | 'sla.breached', ...)`: the rules of that trigger, on the event's ticket. */
export async function automationOnSlaEvent(
  tx: Tx,
  event: RecordedEvent<'sla.warning'> | RecordedEvent<'sla.breached'>,
): Promise<void> {
  if (!event.ticketId) return;
  await runRules(tx, event.kind, { ticketId: event.ticketId, actorId: null, at: event.at });
}
