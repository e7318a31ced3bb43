import type { Tx } from '../../platform/db/database.ts';
import type { TicketChange } from '../tickets/index.ts';
import { recomputeClocks } from './recompute.ts';

/**
 * Follows every ticket change (registered in modules/registry.ts): the clocks are recomputed
 * from the history and their timers moved, in the ticket's own transaction. An imported ticket
 * gets the clocks its recorded events give it; deadlines already past stay history.
 */
export async function recomputeOnTicketChange(tx: Tx, change: TicketChange): Promise<void> {
  const imported = change.kind === 'imported' || (change.kind === 'created' && change.imported === true);
  // An import carries the time of its last recorded event; its clocks are judged as of today.
  const now = imported ? Date.now() : change.at.getTime();
  await recomputeClocks(tx, [change.ticketId], now, { historical: imported, publish: !imported });
}
