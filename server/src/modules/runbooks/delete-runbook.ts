import { eq } from 'drizzle-orm';
import { runbooks } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { loadRunbook } from './runbooks.ts';

/** Deletes a runbook; its past runs stay (with its name), a waiting run fails when its turn comes. */
export async function deleteRunbook(options: { tx: Tx; actor: Actor; runbookId: number }): Promise<void> {
  const { tx, actor, runbookId } = options;
  assertCan(actor, 'settings.manage');
  const row = await loadRunbook(tx, runbookId, { forUpdate: true });
  await tx.delete(runbooks).where(eq(runbooks.id, runbookId));
  await recordEvent(tx, {
    kind: 'runbook.deleted',
    entityType: 'runbook',
    entityId: runbookId,
    actorId: actor.id,
    data: { name: row.name },
  });
}
