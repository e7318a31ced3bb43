import { and, eq } from 'drizzle-orm';
import type { ApprovalDecision, ApprovalDto } from '../../../../contracts/approvals.ts';
import { approvalApprovers } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import type { Actor } from '../identity/index.ts';
import { outcomeOf } from './domain.ts';
import { announceChange, finishApproval } from './finish.ts';
import { notifyApprovers } from './notify-approvers.ts';
import { currentOf, type LoadedApproval, loadVisible, presentApprovals, votes } from './store.ts';

/**
 * One approver decides (`POST /approvals/{id}/decision`, or a signed link): only a current
 * approver (pending, undecided, their turn in a sequence); the decision is recorded and audited,
 * and when it ends the approval, `approval.decided` goes out in this transaction. In a
 * sequence, the next approver is told.
 */
export async function decideApproval(options: {
  tx: Tx;
  actor: Actor;
  approvalId: number;
  input: { decision: ApprovalDecision; comment?: string | undefined; via?: 'api' | 'link'; now?: Date };
}): Promise<ApprovalDto> {
  const { tx, actor, approvalId, input } = options;
  const loaded = await loadVisible(tx, actor, approvalId, { forUpdate: true });
  await applyDecision(tx, loaded, actor, input);
  const [dto] = await presentApprovals(tx, [loaded], actor.id);
  if (!dto) throw new Error('approval vanished');
  return dto;
}

/** The decision on an approval already loaded and locked (the link module uses it too). */
export async function applyDecision(
  tx: Tx,
  loaded: LoadedApproval,
  actor: { id: number; name: string },
  input: { decision: ApprovalDecision; comment?: string | undefined; via?: 'api' | 'link'; now?: Date },
): Promise<void> {
  const { row, approvers } = loaded;
  const mine = approvers.find((a) => a.userId === actor.id);
  if (row.status !== 'pending') throw new AppError('approval.ended', { params: { status: row.status } });
  if (!mine) throw new AppError('approval.not_approver');
  if (mine.decision !== null) throw new AppError('approval.already_decided');
  const before = currentOf(loaded);
  if (!before.includes(actor.id)) throw new AppError('approval.not_your_turn');
  const now = input.now ?? new Date();
  const comment = input.comment?.trim() ? input.comment.trim() : null;
  await tx
    .update(approvalApprovers)
    .set({ decision: input.decision, comment, decidedAt: now })
    .where(and(eq(approvalApprovers.id, mine.id)));
  mine.decision = input.decision;
  mine.comment = comment;
  mine.decidedAt = now;
  await recordEvent(tx, {
    kind: 'approval.voted',
    entityType: 'approval',
    entityId: row.id,
    ticketId: row.ticketId,
    actorId: actor.id,
    data: {
      approvalId: row.id,
      subjectType: row.subjectType,
      subjectId: row.subjectId,
      ticketId: row.ticketId,
      title: row.title,
      approver: { id: actor.id, name: actor.name },
      decision: input.decision,
      comment,
      via: input.via ?? 'api',
      internal: true,
    },
  });
  const outcome = outcomeOf(row.mode, votes(approvers));
  if (outcome) {
    await finishApproval(tx, loaded, outcome, { comment, actorId: actor.id, at: now });
    return;
  }
  const after = currentOf(loaded);
  const next = after.filter((id) => !before.includes(id));
  await notifyApprovers(tx, row, next, 'request');
  await announceChange(tx, loaded);
}
