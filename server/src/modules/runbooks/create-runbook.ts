import type { CreateRunbookInput, RunbookDto } from '../../../../contracts/runbooks.ts';
import { runbooks } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { assertApproverRules } from '../approvals/index.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { assertApprovers, presentRunbook } from './runbooks.ts';

/** An administrator defines a runbook (the input is validated by its contract first). */
export async function createRunbook(options: {
  tx: Tx;
  actor: Actor;
  input: CreateRunbookInput;
}): Promise<RunbookDto> {
  const { tx, actor, input } = options;
  assertCan(actor, 'settings.manage');
  await assertApprovers(tx, input.approverIds);
  await assertApproverRules(tx, input.approverRules);
  const [row] = await tx.insert(runbooks).values(input).returning();
  if (!row) throw new Error('insert returned no row');
  await recordEvent(tx, {
    kind: 'runbook.created',
    entityType: 'runbook',
    entityId: row.id,
    actorId: actor.id,
    data: { name: row.name, url: row.url, requiresApproval: row.requiresApproval },
  });
  return presentRunbook(row);
}
