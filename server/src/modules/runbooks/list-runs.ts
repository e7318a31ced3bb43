import { asc, eq } from 'drizzle-orm';
import type { RunbookRunDto } from '../../../../contracts/runbooks.ts';
import { runbookRuns } from '../../db/schema.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { assertTicketVisible } from '../tickets/index.ts';
import { presentRuns } from './runbooks.ts';

/** A ticket's runs, oldest first (staff only: runs are the desk's own work). */
export async function listTicketRuns(options: {
  tx: Queryable;
  actor: Actor;
  ticketId: number;
}): Promise<{ items: RunbookRunDto[] }> {
  const { tx, actor, ticketId } = options;
  assertCan(actor, 'ticket.work');
  await assertTicketVisible(tx, actor, ticketId);
  const rows = await tx
    .select()
    .from(runbookRuns)
    .where(eq(runbookRuns.ticketId, ticketId))
    .orderBy(asc(runbookRuns.createdAt), asc(runbookRuns.id));
  return { items: await presentRuns(tx, rows) };
}
