import { eq } from 'drizzle-orm';
import type { ChangeDto } from '../../../../contracts/changes.ts';
import { changes } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import type { Actor } from '../identity/index.ts';
import { assertChangeWork } from './access.ts';
import { canMove } from './domain.ts';
import { loadChange, presentChange } from './store.ts';

/** `POST /changes/{id}/schedule` (approved -> scheduled) and `/start` (-> implementing). */
export async function moveChange(options: {
  tx: Tx;
  actor: Actor;
  changeId: number;
  to: 'scheduled' | 'implementing';
}): Promise<ChangeDto> {
  const { tx, actor, to } = options;
  assertChangeWork(actor);
  const row = await loadChange(tx, options.changeId, true);
  if (!canMove(row.status, to))
    throw new AppError('change.invalid_transition', { params: { from: row.status, to } });
  const [updated] = await tx
    .update(changes)
    .set({ status: to, updatedAt: new Date() })
    .where(eq(changes.id, row.id))
    .returning();
  if (!updated) throw new Error('update returned no row');
  await recordEvent(tx, {
    kind: 'change.status_changed',
    entityType: 'change',
    entityId: row.id,
    actorId: actor.id,
    data: { changeId: row.id, from: row.status, to },
  });
  return presentChange(tx, updated);
}
