import { and, eq } from 'drizzle-orm';
import type { ChangeDto, CreateChangeInput } from '../../../../contracts/changes.ts';
import { changes, changeTemplates } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { assertAssetIds } from '../assets/index.ts';
import { recordEvent } from '../audit/index.ts';
import type { Actor } from '../identity/index.ts';
import { assertProblemId } from '../problems/index.ts';
import { assertChangeWork } from './access.ts';
import { assessRisk } from './assess.ts';
import { validWindow } from './domain.ts';
import { assertTicketIds, presentChange, setAssets, setFixedTickets } from './store.ts';

/**
 * A staff member drafts a change. A standard change names an active template, whose plans and
 * impact fill in what the body leaves empty. Assets, problem and tickets must exist (400 with
 * the field); the risk is computed from the assets.
 */
export async function createChange(options: {
  tx: Tx;
  actor: Actor;
  input: CreateChangeInput;
}): Promise<ChangeDto> {
  const { tx, actor } = options;
  assertChangeWork(actor);
  const input = options.input as Required<CreateChangeInput>;
  const start = new Date(input.plannedStart);
  const end = new Date(input.plannedEnd);
  if (!validWindow(start, end)) throw new AppError('change.bad_window', { field: 'plannedEnd' });
  let template: typeof changeTemplates.$inferSelect | undefined;
  if (input.type === 'standard') {
    if (!input.templateId) throw new AppError('change.template_required', { field: 'templateId' });
    [template] = await tx
      .select()
      .from(changeTemplates)
      .where(and(eq(changeTemplates.id, input.templateId), eq(changeTemplates.active, true)));
    if (!template)
      throw new AppError('change.template_not_found', {
        field: 'templateId',
        params: { id: input.templateId },
      });
  }
  const assetIds = [...new Set(input.assetIds ?? [])];
  const ticketIds = [...new Set(input.ticketIds ?? [])];
  await assertAssetIds(tx, assetIds, 'assetIds');
  if (input.problemId) await assertProblemId(tx, input.problemId, 'problemId');
  await assertTicketIds(tx, ticketIds, 'ticketIds');
  const assessed = await assessRisk(tx, { id: null, type: input.type, assetIds });
  const [row] = await tx
    .insert(changes)
    .values({
      type: input.type,
      templateId: template?.id ?? null,
      title: input.title,
      description: input.description || template?.description || '',
      impact: template && !options.input.impact ? template.impact : (input.impact ?? 'medium'),
      plannedStart: start,
      plannedEnd: end,
      implementationPlan: input.implementationPlan || template?.implementationPlan || '',
      rollbackPlan: input.rollbackPlan || template?.rollbackPlan || '',
      testPlan: input.testPlan || template?.testPlan || '',
      problemId: input.problemId ?? null,
      ownerId: actor.system ? null : actor.id,
      computedRisk: assessed.risk,
      riskFactors: assessed.factors,
    })
    .returning();
  if (!row) throw new Error('insert returned no row');
  await setAssets(tx, row.id, assetIds);
  await setFixedTickets(tx, row.id, ticketIds);
  await recordEvent(tx, {
    kind: 'change.created',
    entityType: 'change',
    entityId: row.id,
    actorId: actor.id,
    data: {
      changeId: row.id,
      type: row.type,
      title: row.title,
      plannedStart: start.toISOString(),
      plannedEnd: end.toISOString(),
      templateId: row.templateId,
    },
  });
  return presentChange(tx, row);
}
