import { eq, sql } from 'drizzle-orm';
import type { ChangeDto, SubmitChangeInput } from '../../../../contracts/changes.ts';
import { changes } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { idArray } from '../../platform/db/id-array.ts';
import { AppError } from '../../platform/http/errors.ts';
import { requestApproval } from '../approvals/index.ts';
import { recordEvent } from '../audit/index.ts';
import type { Actor } from '../identity/index.ts';
import { assertChangeWork } from './access.ts';
import { assessRisk, overlappingFreezes } from './assess.ts';
import { canMove } from './domain.ts';
import { assetIdsOf, loadChange, presentChange } from './store.ts';

/**
 * `POST /changes/{id}/submit`: a draft goes to approval.
 * - A normal or standard change planned inside a freeze window: 409 `change.freeze_conflict`.
 * - A standard change (pre-approved template) needs no CAB: it is approved at once.
 * - A normal or emergency change asks the CAB through the approval engine (`approvers`, `mode`).
 * - An emergency change inside a freeze also names `freezeApproverIds`: once the CAB approved,
 *   the freeze approvers are asked (all of them, 会签) before the change is approved.
 */
export async function submitChange(options: {
  tx: Tx;
  actor: Actor;
  changeId: number;
  input: SubmitChangeInput;
}): Promise<ChangeDto> {
  const { tx, actor } = options;
  assertChangeWork(actor);
  const input = options.input as Required<SubmitChangeInput>;
  const row = await loadChange(tx, options.changeId, true);
  if (!canMove(row.status, 'submitted'))
    throw new AppError('change.invalid_transition', { params: { from: row.status, to: 'submitted' } });
  const freezes = await overlappingFreezes(tx, row.plannedStart, row.plannedEnd);
  const [freeze] = freezes;
  if (freeze && row.type !== 'emergency')
    throw new AppError('change.freeze_conflict', {
      field: 'plannedStart',
      params: { name: freeze.name, startsAt: freeze.startsAt, endsAt: freeze.endsAt },
    });
  if (freeze && input.freezeApproverIds.length === 0)
    throw new AppError('change.freeze_approval_required', {
      field: 'freezeApproverIds',
      params: { name: freeze.name },
    });
  if (row.type !== 'standard' && input.approvers.length === 0)
    throw new AppError('change.approvers_required', { field: 'approvers' });
  const freezeApproverIds = freeze ? [...input.freezeApproverIds] : [];
  if (freezeApproverIds.length > 0) {
    const found = await tx.execute<{ id: number }>(
      sql`select id from identity_users_v where id = any(${idArray(freezeApproverIds)}) and active and role <> 'requester'`,
    );
    const present = new Set(found.rows.map((r) => Number(r.id)));
    if (
      new Set(freezeApproverIds).size !== freezeApproverIds.length ||
      freezeApproverIds.some((id) => !present.has(id))
    )
      throw new AppError('approval.bad_approvers', {
        field: 'freezeApproverIds',
        params: { detail: 'freeze approvers must be distinct active staff' },
      });
  }
  const assessed = await assessRisk(tx, {
    id: row.id,
    type: row.type,
    assetIds: await assetIdsOf(tx, row.id),
  });
  const now = new Date();
  let approvalId: number | null = null;
  if (row.type !== 'standard') {
    ({ id: approvalId } = await requestApproval(tx, {
      subjectType: 'change',
      subjectId: row.id,
      changeId: row.id,
      title: row.title,
      approverIds: [...input.approvers],
      mode: input.mode,
      requestedBy: actor.system ? null : actor.id,
    }));
  }
  const names = await tx.execute<{ id: number; name: string }>(
    sql`select id, name from identity_users_v where id = any(${idArray(input.approvers)})`,
  );
  const nameOf = new Map(names.rows.map((r) => [Number(r.id), r.name]));
  await recordEvent(tx, {
    kind: 'change.submitted',
    entityType: 'change',
    entityId: row.id,
    actorId: actor.id,
    data: {
      changeId: row.id,
      approvalId,
      mode: approvalId === null ? null : input.mode,
      approvers: input.approvers.map((id) => ({ id, name: nameOf.get(id) ?? null })),
      freezeApproverIds,
      freezes: freezes.map((f) => ({ id: f.id, name: f.name })),
    },
  });
  const standard = row.type === 'standard';
  if (standard)
    await recordEvent(tx, {
      kind: 'change.status_changed',
      entityType: 'change',
      entityId: row.id,
      actorId: actor.id,
      data: { changeId: row.id, from: 'submitted', to: 'approved', approvalId: null, comment: null },
    });
  const [updated] = await tx
    .update(changes)
    .set({
      status: standard ? 'approved' : 'submitted',
      approvalId,
      approvalStage: standard ? null : 'cab',
      approvalMode: standard ? null : input.mode,
      freezeApproverIds,
      computedRisk: assessed.risk,
      riskFactors: assessed.factors,
      updatedAt: now,
    })
    .where(eq(changes.id, row.id))
    .returning();
  if (!updated) throw new Error('update returned no row');
  return presentChange(tx, updated);
}
