import { eq } from 'drizzle-orm';
import type { ChangeDto, UpdateChangeInput } from '../../../../contracts/changes.ts';
import { changes } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { assertAssetIds } from '../assets/index.ts';
import { diff, recordEvent } from '../audit/index.ts';
import type { Actor } from '../identity/index.ts';
import { assertProblemId } from '../problems/index.ts';
import { assertChangeWork } from './access.ts';
import { assessRisk } from './assess.ts';
import { EDITABLE_STATUSES, validWindow } from './domain.ts';
import { assertOutsideFreezes } from './freeze-rule.ts';
import {
  assertTicketIds,
  assetIdsOf,
  loadChange,
  presentChange,
  setAssets,
  setFixedTickets,
  ticketIdsOf,
} from './store.ts';

/**
 * `PATCH /changes/{id}` while the change is not yet approved (draft or submitted). A submitted
 * normal or standard change moved into a freeze window is refused like a submission. The risk
 * override (`risk` with a `riskReason`; `risk: null` returns to the computed risk) is audited.
 */
export async function updateChange(options: {
  tx: Tx;
  actor: Actor;
  changeId: number;
  input: UpdateChangeInput;
}): Promise<ChangeDto> {
  const { tx, actor, input } = options;
  assertChangeWork(actor);
  const row = await loadChange(tx, options.changeId, true);
  if (!EDITABLE_STATUSES.includes(row.status))
    throw new AppError('change.not_editable', { params: { status: row.status } });
  const start = input.plannedStart ? new Date(input.plannedStart) : row.plannedStart;
  const end = input.plannedEnd ? new Date(input.plannedEnd) : row.plannedEnd;
  if (!validWindow(start, end))
    throw new AppError('change.bad_window', { field: input.plannedEnd ? 'plannedEnd' : 'plannedStart' });
  if (input.risk !== undefined && !input.riskReason?.trim())
    throw new AppError('change.risk_reason_required', { field: 'riskReason' });
  const assetIds = input.assetIds ? [...new Set(input.assetIds)] : await assetIdsOf(tx, row.id);
  if (input.assetIds) await assertAssetIds(tx, assetIds, 'assetIds');
  if (input.problemId) await assertProblemId(tx, input.problemId, 'problemId');
  if (input.ticketIds) await assertTicketIds(tx, input.ticketIds, 'ticketIds');
  if (row.status === 'submitted' && row.type !== 'emergency') await assertOutsideFreezes(tx, start, end);

  const before = {
    title: row.title,
    description: row.description,
    impact: row.impact,
    plannedStart: row.plannedStart.toISOString(),
    plannedEnd: row.plannedEnd.toISOString(),
    implementationPlan: row.implementationPlan,
    rollbackPlan: row.rollbackPlan,
    testPlan: row.testPlan,
    problemId: row.problemId,
    assetIds: await assetIdsOf(tx, row.id),
    ticketIds: await ticketIdsOf(tx, row.id, 'fixes'),
  };
  const after = {
    title: input.title,
    description: input.description,
    impact: input.impact,
    plannedStart: input.plannedStart ? start.toISOString() : undefined,
    plannedEnd: input.plannedEnd ? end.toISOString() : undefined,
    implementationPlan: input.implementationPlan,
    rollbackPlan: input.rollbackPlan,
    testPlan: input.testPlan,
    problemId: input.problemId,
    assetIds: input.assetIds ? assetIds : undefined,
    ticketIds: input.ticketIds ? [...new Set(input.ticketIds)] : undefined,
  };
  const changed = diff(before, after);
  for (const key of ['assetIds', 'ticketIds'] as const) {
    const entry = changed[key];
    if (entry && JSON.stringify(entry.from) === JSON.stringify(entry.to)) delete changed[key];
  }
  const assessed = await assessRisk(tx, { id: row.id, type: row.type, assetIds });
  const override =
    input.risk !== undefined
      ? { riskOverride: input.risk, riskReason: input.riskReason?.trim() ?? null }
      : {};
  const [updated] = await tx
    .update(changes)
    .set({
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.impact !== undefined ? { impact: input.impact } : {}),
      ...(input.implementationPlan !== undefined ? { implementationPlan: input.implementationPlan } : {}),
      ...(input.rollbackPlan !== undefined ? { rollbackPlan: input.rollbackPlan } : {}),
      ...(input.testPlan !== undefined ? { testPlan: input.testPlan } : {}),
      ...(input.problemId !== undefined ? { problemId: input.problemId } : {}),
      plannedStart: start,
      plannedEnd: end,
      computedRisk: assessed.risk,
      riskFactors: assessed.factors,
      ...override,
      ...(input.risk === null ? { riskReason: null } : {}),
      updatedAt: new Date(),
    })
    .where(eq(changes.id, row.id))
    .returning();
  if (!updated) throw new Error('update returned no row');
  if (input.assetIds) await setAssets(tx, row.id, assetIds);
  if (input.ticketIds) await setFixedTickets(tx, row.id, input.ticketIds);
  if (Object.keys(changed).length > 0)
    await recordEvent(tx, {
      kind: 'change.updated',
      entityType: 'change',
      entityId: row.id,
      actorId: actor.id,
      data: { changeId: row.id, changes: changed },
    });
  if (input.risk !== undefined)
    await recordEvent(tx, {
      kind: 'change.risk_overridden',
      entityType: 'change',
      entityId: row.id,
      actorId: actor.id,
      data: {
        changeId: row.id,
        computed: assessed.risk,
        from: row.riskOverride,
        to: input.risk,
        reason: input.riskReason?.trim() ?? '',
      },
    });
  return presentChange(tx, updated);
}
