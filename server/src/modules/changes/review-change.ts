import { eq } from 'drizzle-orm';
import type { ChangeDto, ReviewChangeInput } from '../../../../contracts/changes.ts';
import { changes } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import type { Actor } from '../identity/index.ts';
import { assertChangeWork } from './access.ts';
import { canMove } from './domain.ts';
import { loadChange, presentChange } from './store.ts';

/** `POST /changes/{id}/review`: the post-implementation review closes the change (-> reviewed). */
export async function reviewChange(options: {
  tx: Tx;
  actor: Actor;
  changeId: number;
  input: ReviewChangeInput;
}): Promise<ChangeDto> {
  const { tx, actor, input } = options;
  assertChangeWork(actor);
  const row = await loadChange(tx, options.changeId, true);
  if (!canMove(row.status, 'reviewed'))
    throw new AppError('change.invalid_transition', { params: { from: row.status, to: 'reviewed' } });
  const now = new Date();
  const [updated] = await tx
    .update(changes)
    .set({
      status: 'reviewed',
      reviewNotes: input.notes,
      reviewedAt: now,
      reviewRequired: false,
      updatedAt: now,
    })
    .where(eq(changes.id, row.id))
    .returning();
  if (!updated) throw new Error('update returned no row');
  await recordEvent(tx, {
    kind: 'change.reviewed',
    entityType: 'change',
    entityId: row.id,
    actorId: actor.id,
    data: { changeId: row.id, from: row.status, notes: input.notes },
  });
  return presentChange(tx, updated);
}
