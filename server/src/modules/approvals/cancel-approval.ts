import { and, eq } from 'drizzle-orm';
import type { ApprovalDto, ApprovalSubjectType } from '../../../../contracts/approvals.ts';
import { approvals } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { type Actor, can } from '../identity/index.ts';
import { finishApproval } from './finish.ts';
import { type LoadedApproval, loadApproval, loadVisible, presentApprovals, viewerOf } from './store.ts';

async function cancel(tx: Tx, loaded: LoadedApproval, reason: string, actorId: number | null): Promise<void> {
  if (loaded.row.status !== 'pending')
    throw new AppError('approval.ended', { params: { status: loaded.row.status } });
  const text = reason.trim().slice(0, 2000);
  // The reason is told to the approvers and to the requester (the subject's module tells them).
  await finishApproval(tx, loaded, 'cancelled', {
    comment: text,
    publicComment: text,
    actorId,
    at: new Date(),
  });
}

/**
 * `POST /approvals/{id}/cancel {"reason"}`: the person who asked or an administrator withdraws
 * a pending approval. It ends `cancelled` (`approval.decided`), the approvers' notices are
 * settled, and the subject's module reacts (a runbook run is cancelled, a service request
 * closed with the reason told to the requester).
 */
export async function cancelApproval(options: {
  tx: Tx;
  actor: Actor;
  approvalId: number;
  input: { reason: string };
}): Promise<ApprovalDto> {
  const { tx, actor, approvalId, input } = options;
  const loaded = await loadVisible(tx, actor, approvalId, { forUpdate: true });
  if (loaded.row.requestedBy !== actor.id && !can(actor, 'settings.manage'))
    throw new AppError('approval.cannot_cancel');
  await cancel(tx, loaded, input.reason, actor.id);
  const [dto] = await presentApprovals(tx, [loaded], viewerOf(actor));
  if (!dto) throw new Error('approval vanished');
  return dto;
}

/**
 * The subject's module withdraws the pending approvals of its subject (the run or request
 * went away): each ends `cancelled` with the reason. Returns how many were pending.
 */
export async function cancelApprovalsOf(
  tx: Tx,
  input: { subjectType: ApprovalSubjectType; subjectId: number; reason: string; actorId: number | null },
): Promise<number> {
  const pending = await tx
    .select({ id: approvals.id })
    .from(approvals)
    .where(
      and(
        eq(approvals.subjectType, input.subjectType),
        eq(approvals.subjectId, input.subjectId),
        eq(approvals.status, 'pending'),
      ),
    );
  let cancelled = 0;
  for (const { id } of pending) {
    const loaded = await loadApproval(tx, id, { forUpdate: true });
    if (loaded?.row.status !== 'pending') continue;
    await cancel(tx, loaded, input.reason, input.actorId);
    cancelled++;
  }
  return cancelled;
}
