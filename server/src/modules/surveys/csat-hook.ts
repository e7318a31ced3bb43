import type { Tx } from '../../platform/db/database.ts';
import type { TicketChange } from '../tickets/index.ts';
import { openCsatSurvey } from './csat-surveys.ts';

/** A ticket that closes gets its satisfaction survey, however it closed (FB-1). */
export async function csatTicketHook(tx: Tx, change: TicketChange): Promise<void> {
  if (change.kind !== 'updated') return;
  const status = change.changes.status;
  if (status?.to !== 'closed' || status.from === 'closed') return;
  await openCsatSurvey({ tx, ticketId: change.ticketId, now: change.at });
}
