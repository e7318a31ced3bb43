import type { Tx } from '../../platform/db/database.ts';
import type { TicketChange } from '../tickets/index.ts';
import { recomputeClocks } from './recompute.ts';

/**
 * Follows every ticket change (registered in modules/registry.ts): the clocks are recomputed
 * from the history and their timers moved, in the ticket's own transaction. An imported ticket
 * gets the clocks its recorded events give it; deadlines already past stay history. Tickets
 * opened together are recomputed in one pass.
 */
export async function recomputeOnTicketChange(tx: Tx, changes: readonly TicketChange[]): Promise<void> {
  const imported = (change: TicketChange) =>
    change.kind === 'imported' || (change.kind === 'created' && change.imported === true);
  const ids = (list: readonly TicketChange[]) => [...new Set(list.map((change) => change.ticketId))];
  const live = changes.filter((change) => !imported(change));
  if (live.length > 0) {
    const now = Math.max(...live.map((change) => change.at.getTime()));
    await recomputeClocks(tx, ids(live), now, { publish: true });
  }
  // An import carries the time of its last recorded event; its clocks are judged as of today.
  const old = changes.filter(imported);
  if (old.length > 0) await recomputeClocks(tx, ids(old), Date.now(), { historical: true, publish: false });
}
