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
import { currentOf, type LoadedApproval, loadVisible, presentApprovals, viewerOf, votes } from './store.ts';

export interface DecisionInput {
  decision: ApprovalDecision;
  comment?: string | undefined;
  /** Let the requester read the comment (a reject's comment, its reason, is read anyway). */
  commentPublic?: boolean | undefined;
  via?: 'api' | 'link';
  now?: Date;
}

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
  input: DecisionInput;
}): Promise<ApprovalDto> {
  const { tx, actor, approvalId, input } = options;
  const loaded = await loadVisible(tx, actor, approvalId, { forUpdate: true });
  await applyDecision(tx, loaded, actor, input);
  const [dto] = await presentApprovals(tx, [loaded], viewerOf(actor));
  if (!dto) throw new Error('approval vanished');
  return dto;
}

/** The decision on an approval already loaded and locked (the link module uses it too). */
export async function applyDecision(
  tx: Tx,
  loaded: LoadedApproval,
  actor: { id: number; name: string },
  input: DecisionInput,
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
  const commentPublic = comment !== null && input.commentPublic === true;
  await tx
    .update(approvalApprovers)
    .set({ decision: input.decision, comment, commentPublic, decidedAt: now })
    .where(and(eq(approvalApprovers.id, mine.id)));
  mine.decision = input.decision;
  mine.comment = comment;
  mine.commentPublic = commentPublic;
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
      commentPublic,
      internal: true,
    },
  });
  const outcome = outcomeOf(row.mode, votes(approvers));
  if (outcome) {
    // The requester reads a reject's reason, and an approval's comment only when made public.
    const publicComment = outcome === 'rejected' || commentPublic ? comment : null;
    await finishApproval(tx, loaded, outcome, { comment, publicComment, actorId: actor.id, at: now });
    return;
  }
  const after = currentOf(loaded);
  const next = after.filter((id) => !before.includes(id));
  await notifyApprovers(tx, row, next, 'request');
  await announceChange(tx, loaded);
}
