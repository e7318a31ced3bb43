import { eq } from 'drizzle-orm';
import type { ApprovalOutcome } from '../../../../contracts/approvals.ts';
import { approvals } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { publish } from '../../platform/events/events.ts';
import { recordEvent } from '../audit/index.ts';
import { settleNotices } from '../notifications/index.ts';
import { cancelTimers } from './jobs.ts';
import { APPROVAL_REMINDER_NOTICE, APPROVAL_REQUESTED_NOTICE, notifyAsker } from './notify-approvers.ts';
import type { LoadedApproval } from './store.ts';

export const APPROVAL_LIVE_EVENT = 'approval.changed';

/**
 * Ends a pending approval (approved, rejected, expired or cancelled): the row, its timers, the
 * approvers' open notices, and the
 * `approval.decided` event whose subscribers (the subject's module) act in this transaction.
 */
export async function finishApproval(
  tx: Tx,
  loaded: LoadedApproval,
  outcome: ApprovalOutcome,
  options: { comment: string | null; publicComment: string | null; actorId: number | null; at: Date },
): Promise<void> {
  const { row } = loaded;
  await tx
    .update(approvals)
    .set({ status: outcome, decidedAt: options.at, comment: options.comment })
    .where(eq(approvals.id, row.id));
  row.status = outcome;
  row.decidedAt = options.at;
  row.comment = options.comment;
  await cancelTimers(tx, row.id);
  await recordEvent(tx, {
    kind: 'approval.decided',
    entityType: 'approval',
    entityId: row.id,
    ticketId: row.ticketId,
    actorId: options.actorId,
    data: {
      approvalId: row.id,
      subjectType: row.subjectType,
      subjectId: row.subjectId,
      ticketId: row.ticketId,
      changeId: row.changeId,
      title: row.title,
      outcome,
      comment: options.comment,
      publicComment: options.publicComment,
    },
  });
  // The bell notices that asked someone to decide are done with: marked read.
  await settleNotices(tx, [APPROVAL_REQUESTED_NOTICE, APPROVAL_REMINDER_NOTICE], { approvalId: row.id });
  await notifyAsker(tx, row, { comment: options.comment, actorId: options.actorId });
  await announceChange(tx, loaded);
}

/** Tells the pages of everyone involved that the approval changed (their lists and the ticket). */
export async function announceChange(tx: Tx, loaded: LoadedApproval): Promise<void> {
  const userIds = [
    ...new Set([...loaded.approvers.map((a) => a.userId), loaded.row.requestedBy ?? 0]),
  ].filter((id) => id > 0);
  await publish(tx, {
    type: APPROVAL_LIVE_EVENT,
    userIds,
    ...(loaded.row.ticketId ? { ticketId: loaded.row.ticketId } : {}),
    data: { approvalId: loaded.row.id, status: loaded.row.status },
  });
}
