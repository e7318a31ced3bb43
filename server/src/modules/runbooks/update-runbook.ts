import { eq } from 'drizzle-orm';
import type { RunbookDto, UpdateRunbookInput } from '../../../../contracts/runbooks.ts';
import { runbooks } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { assertApproverRules } from '../approvals/index.ts';
import { diff, recordEvent } from '../audit/index.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { assertApprovers, loadRunbook, presentRunbook } from './runbooks.ts';

/** Replaces a runbook's definition; the stored secret stays unless a new one is given. */
export async function updateRunbook(options: {
  tx: Tx;
  actor: Actor;
  runbookId: number;
  input: UpdateRunbookInput;
}): Promise<RunbookDto> {
  const { tx, actor, runbookId, input } = options;
  assertCan(actor, 'settings.manage');
  const before = await loadRunbook(tx, runbookId, { forUpdate: true });
  await assertApprovers(tx, input.approverIds);
  await assertApproverRules(tx, input.approverRules);
  const { secret, ...definition } = input;
  const [row] = await tx
    .update(runbooks)
    .set({ ...definition, ...(secret === undefined ? {} : { secret }), updatedAt: new Date() })
    .where(eq(runbooks.id, runbookId))
    .returning();
  if (!row) throw new Error('update returned no row');
  const { secret: _old, updatedAt: _a, ...was } = before;
  const { secret: _new, updatedAt: _b, ...now } = row;
  await recordEvent(tx, {
    kind: 'runbook.updated',
    entityType: 'runbook',
    entityId: row.id,
    actorId: actor.id,
    data: {
      changes: diff(was as Record<string, unknown>, now as Record<string, unknown>),
      secretChanged: secret !== undefined && secret !== before.secret,
    },
  });
  return presentRunbook(row);
}
