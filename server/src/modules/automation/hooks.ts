import type { RuleEvent } from '../../../../contracts/automation.ts';
import type { Tx } from '../../platform/db/database.ts';
import type { RecordedEvent } from '../audit/index.ts';
import type { TicketChange } from '../tickets/index.ts';
import { type RuleRow, rulesFor, runRules } from './run-rules.ts';

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

/**
 * The same hook for several changes at once (tickets opened together, intake.ts): each trigger's
 * enabled rules are read once for the whole batch instead of once per change (a round trip per
 * new ticket; docs/performance.md, issue 18). Rules are not changed by rule actions, so the list
 * read at the start of the batch is the list every change of it would have read.
 */
export async function automationOnTicketChanges(tx: Tx, changes: readonly TicketChange[]): Promise<void> {
  const rules = new Map<RuleEvent, RuleRow[]>();
  for (const change of changes) {
    const event = triggerOf(change);
    if (!event) continue;
    let list = rules.get(event);
    if (!list) {
      list = await rulesFor(tx, event);
      rules.set(event, list);
    }
    if (list.length) await runRules(tx, event, change, list);
  }
}

function triggerOf(change: TicketChange): RuleEvent | null {
  if (change.kind === 'created') return change.imported ? null : 'ticket.created';
  if (change.kind === 'updated') return 'ticket.updated';
  if (change.kind === 'message') return 'ticket.message_added';
  return null;
}

/** `onEvent('sla.warning' | 'sla.breached', ...)`: the rules of that trigger, on the event's ticket. */
export async function automationOnSlaEvent(
  tx: Tx,
  event: RecordedEvent<'sla.warning'> | RecordedEvent<'sla.breached'>,
): Promise<void> {
  if (!event.ticketId) return;
  await runRules(tx, event.kind, { ticketId: event.ticketId, actorId: null, at: event.at });
}
