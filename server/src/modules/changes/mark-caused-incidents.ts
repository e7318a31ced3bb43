import type { CausedIncidentsInput, ChangeDto } from '../../../../contracts/changes.ts';
import { changeTickets } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { recordEvent } from '../audit/index.ts';
import type { Actor } from '../identity/index.ts';
import { assertChangeWork } from './access.ts';
import { assertTicketIds, loadChange, presentChange } from './store.ts';

/**
 * `POST /changes/{id}/caused-incidents`: incidents the change caused (the `caused_by` relation
 * of change_tickets; the reports count them). Marking one twice changes nothing.
 */
export async function markCausedIncidents(options: {
  tx: Tx;
  actor: Actor;
  changeId: number;
  input: CausedIncidentsInput;
}): Promise<ChangeDto> {
  const { tx, actor } = options;
  assertChangeWork(actor);
  const row = await loadChange(tx, options.changeId, true);
  const ticketIds = [...new Set(options.input.ticketIds)];
  await assertTicketIds(tx, ticketIds, 'ticketIds');
  const added = await tx
    .insert(changeTickets)
    .values(ticketIds.map((ticketId) => ({ changeId: row.id, ticketId, relation: 'caused_by' as const })))
    .onConflictDoNothing()
    .returning({ ticketId: changeTickets.ticketId });
  // The event is the change's (not on the tickets' timelines): it names the tickets newly marked.
  const marked = added.map((a) => a.ticketId);
  if (marked.length > 0)
    await recordEvent(tx, {
      kind: 'change.incidents_caused',
      entityType: 'change',
      entityId: row.id,
      actorId: actor.id,
      data: { changeId: row.id, ticketIds: marked },
    });
  return presentChange(tx, row);
}
