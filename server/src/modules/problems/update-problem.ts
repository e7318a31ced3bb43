import { eq } from 'drizzle-orm';
import type { ProblemDto, ProblemStatus, UpdateProblemInput } from '../../../../contracts/problems.ts';
import { problems } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { diff, recordEvent } from '../audit/index.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { checkAssetIds } from './assets.ts';
import { assertOwner, canMoveProblem, loadProblem, type ProblemRow, presentProblem } from './problems.ts';
import { pushWorkaround } from './workaround.ts';

/** Timestamps that go with a status. */
export function statusStamps(to: ProblemStatus, now: Date): Partial<ProblemRow> {
  if (to === 'resolved') return { resolvedAt: now, closedAt: null };
  if (to === 'closed') return { closedAt: now };
  return { resolvedAt: null, closedAt: null };
}

/**
 * PATCH /problems/{id}: fields, a status move the machine allows (409 otherwise), and a new or
 * changed workaround, which is pushed to the linked incidents once (not again on a PATCH that
 * leaves it as it is).
 */
export async function updateProblem(options: {
  tx: Tx;
  actor: Actor;
  problemId: number;
  input: UpdateProblemInput;
  now?: Date;
}): Promise<ProblemDto> {
  const { tx, actor, problemId, input } = options;
  const now = options.now ?? new Date();
  assertCan(actor, 'ticket.work');
  const before = await loadProblem(tx, problemId, { forUpdate: true });
  if (before.status === 'closed') throw new AppError('problem.closed');
  const next: Partial<ProblemRow> = {};
  for (const key of ['title', 'description', 'priority'] as const) {
    if (input[key] !== undefined) Object.assign(next, { [key]: input[key] });
  }
  if (input.rootCause !== undefined) next.rootCause = input.rootCause || null;
  const workaround = input.workaround === undefined ? undefined : input.workaround || null;
  const workaroundChanged = workaround !== undefined && workaround !== before.workaround;
  if (workaroundChanged) {
    next.workaround = workaround;
    next.workaroundUpdatedAt = now;
  }
  if (input.ownerId !== undefined) {
    await assertOwner(tx, input.ownerId);
    next.ownerId = input.ownerId;
  }
  if (input.assetIds !== undefined) {
    const assetIds = await checkAssetIds(tx, input.assetIds);
    if (assetIds.join(',') !== before.assetIds.join(',')) next.assetIds = assetIds;
  }
  const statusChanged = input.status !== undefined && input.status !== before.status;
  if (statusChanged && input.status) {
    if (!canMoveProblem(before.status, input.status))
      throw new AppError('problem.invalid_transition', {
        field: 'status',
        params: { from: before.status, to: input.status },
      });
    next.status = input.status;
    Object.assign(next, statusStamps(input.status, now));
  }
  const changes = diff(
    before as unknown as Record<string, unknown>,
    next as unknown as Record<string, unknown>,
  );
  delete changes.status;
  delete changes.workaroundUpdatedAt;
  delete changes.resolvedAt;
  delete changes.closedAt;
  if (Object.keys(changes).length === 0 && !statusChanged) return presentProblem(tx, before);
  const [row] = await tx
    .update(problems)
    .set({ ...next, updatedAt: now })
    .where(eq(problems.id, problemId))
    .returning();
  if (!row) throw new Error('update returned no row');
  if (Object.keys(changes).length > 0)
    await recordEvent(tx, {
      kind: 'problem.updated',
      entityType: 'problem',
      entityId: row.id,
      actorId: actor.id,
      at: now,
      data: { changes },
    });
  if (statusChanged)
    await recordEvent(tx, {
      kind: 'problem.status_changed',
      entityType: 'problem',
      entityId: row.id,
      actorId: actor.id,
      at: now,
      data: { from: before.status, to: row.status, reason: null },
    });
  if (workaroundChanged && row.workaround)
    await pushWorkaround({
      tx,
      actor,
      problem: row,
      workaround: row.workaround,
      notifyRequesters: input.notifyRequesters ?? false,
      now,
    });
  return presentProblem(tx, row);
}
