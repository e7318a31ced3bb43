import { eq } from 'drizzle-orm';
import { changes } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { requestApproval } from '../approvals/index.ts';
import { type RecordedEvent, recordEvent } from '../audit/index.ts';

/**
 * The approval engine ended a change's approval (in the deciding transaction). The CAB's yes on
 * an emergency change planned in a freeze asks the freeze approvers next (all of them); any
 * other yes approves the change; a no or an expiry rejects it; a withdrawn (cancelled) approval
 * puts it back to draft, to be edited and submitted again. An approval the change no longer
 * waits for (a stale one) is left alone.
 */
export async function changesOnApprovalDecided(
  tx: Tx,
  event: RecordedEvent<'approval.decided'>,
): Promise<void> {
  const { data } = event;
  if (data.subjectType !== 'change') return;
  const [change] = await tx.select().from(changes).where(eq(changes.id, data.subjectId)).for('update');
  if (change?.status !== 'submitted' || change.approvalId !== data.approvalId) return;
  const now = new Date();
  if (data.outcome === 'approved' && change.approvalStage === 'cab' && change.freezeApproverIds.length > 0) {
    const { id } = await requestApproval(tx, {
      subjectType: 'change',
      subjectId: change.id,
      changeId: change.id,
      title: change.title,
      approverIds: change.freezeApproverIds,
      mode: 'all',
      requestedBy: change.ownerId,
    });
    await tx
      .update(changes)
      .set({ approvalId: id, approvalStage: 'freeze', updatedAt: now })
      .where(eq(changes.id, change.id));
    await recordEvent(tx, {
      kind: 'change.freeze_approval_requested',
      entityType: 'change',
      entityId: change.id,
      actorId: event.actorId,
      data: { changeId: change.id, approvalId: id, approverIds: change.freezeApproverIds },
    });
    return;
  }
  const to = data.outcome === 'approved' ? 'approved' : data.outcome === 'cancelled' ? 'draft' : 'rejected';
  const detach = to === 'draft' ? { approvalId: null, approvalStage: null } : {};
  await tx
    .update(changes)
    .set({ status: to, ...detach, updatedAt: now })
    .where(eq(changes.id, change.id));
  await recordEvent(tx, {
    kind: 'change.status_changed',
    entityType: 'change',
    entityId: change.id,
    actorId: event.actorId,
    data: { changeId: change.id, from: 'submitted', to, approvalId: data.approvalId, comment: data.comment },
  });
}
