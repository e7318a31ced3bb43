import { eq } from 'drizzle-orm';
import type { ChangeDto, ChangeStatus, ImplementChangeInput } from '../../../../contracts/changes.ts';
import { changes } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import type { Actor } from '../identity/index.ts';
import { findUserById } from '../identity/index.ts';
import { notify } from '../notifications/index.ts';
import { resolveProblemByChange } from '../problems/index.ts';
import { assertChangeWork } from './access.ts';
import { canMove } from './domain.ts';
import { loadChange, presentChange } from './store.ts';

/** The notice that asks a change's owner for its review (registered in registry.ts). */
export const CHANGE_REVIEW_NOTICE = 'change.review_requested';

const STATUS_OF: Record<ImplementChangeInput['outcome'], ChangeStatus> = {
  successful: 'implemented',
  failed: 'failed',
  rolled_back: 'rolled_back',
};

/**
 * `POST /changes/{id}/implement` from approved, scheduled or implementing: records the outcome.
 * A successful change linked to a problem resolves the problem and its incidents (the problems
 * module; each requester gets the resolution report). A failed, rolled-back or emergency change
 * asks for a review: `reviewRequired`, and a notice to the change's owner.
 */
export async function implementChange(options: {
  tx: Tx;
  actor: Actor;
  changeId: number;
  input: ImplementChangeInput;
}): Promise<ChangeDto> {
  const { tx, actor } = options;
  assertChangeWork(actor);
  const input = options.input as Required<ImplementChangeInput>;
  const row = await loadChange(tx, options.changeId, true);
  const to = STATUS_OF[input.outcome];
  if (!['approved', 'scheduled', 'implementing'].includes(row.status) || !canMove(row.status, to))
    throw new AppError('change.invalid_transition', { params: { from: row.status, to } });
  const reviewRequired = input.outcome !== 'successful' || row.type === 'emergency';
  const now = new Date();
  const [updated] = await tx
    .update(changes)
    .set({
      status: to,
      outcome: input.outcome,
      implementationNotes: input.notes,
      implementedAt: now,
      reviewRequired,
      updatedAt: now,
    })
    .where(eq(changes.id, row.id))
    .returning();
  if (!updated) throw new Error('update returned no row');
  await recordEvent(tx, {
    kind: 'change.implemented',
    entityType: 'change',
    entityId: row.id,
    actorId: actor.id,
    data: {
      changeId: row.id,
      from: row.status,
      outcome: input.outcome,
      notes: input.notes,
      reviewRequired,
      problemId: row.problemId,
    },
  });
  if (input.outcome === 'successful' && row.problemId !== null) {
    const summary = input.notes.trim() || row.title;
    await resolveProblemByChange(tx, { problemId: row.problemId, changeId: row.id, summary });
  }
  if (reviewRequired && row.ownerId !== null) await askForReview(tx, updated);
  return presentChange(tx, updated);
}

async function askForReview(tx: Tx, change: typeof changes.$inferSelect): Promise<void> {
  const owner = change.ownerId === null ? undefined : await findUserById(tx, change.ownerId);
  if (!owner?.active) return;
  const locale = owner.locale === 'en' ? 'en' : 'zh-CN';
  const title =
    locale === 'en'
      ? `Change #${change.id} needs a review: ${change.title}`
      : `变更 #${change.id} 需要复盘：${change.title}`;
  const why =
    locale === 'en'
      ? change.type === 'emergency' && change.outcome === 'successful'
        ? 'It was an emergency change.'
        : `Its outcome: ${change.outcome === 'failed' ? 'failed' : 'rolled back'}.`
      : change.type === 'emergency' && change.outcome === 'successful'
        ? '这是一项紧急变更。'
        : `实施结果：${change.outcome === 'failed' ? '失败' : '已回退'}。`;
  const body =
    locale === 'en'
      ? `${why} Record what was learned with the review on the change's page.`
      : `${why}请在变更页面填写复盘结论。`;
  await notify(
    tx,
    { id: owner.id, email: owner.email, name: owner.name, locale },
    {
      event: CHANGE_REVIEW_NOTICE,
      title,
      body,
      data: { changeId: change.id, link: `/agent/changes/${change.id}` },
      email: { subject: title, text: body },
    },
  );
}
