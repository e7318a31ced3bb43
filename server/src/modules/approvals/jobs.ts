import { z } from 'zod';
import type { Tx } from '../../platform/db/database.ts';
import { cancelJob, enqueue, jobSpec } from '../../platform/jobs/jobs.ts';
import type { ApprovalRow } from './store.ts';

/*
 * The two timers of an approval: a reminder to the approvers who have not decided after
 * `remindAfterMinutes`, and the end at the deadline (`expired`). One job key each per approval;
 * both are removed when the approval ends. The handlers live in expire.ts and remind.ts.
 */
const payload = z.object({ approvalId: z.number().int().positive() });

export const remindJobKey = (id: number) => `approval.remind:${id}`;
export const expireJobKey = (id: number) => `approval.expire:${id}`;

/** Asks for the approval's timers in the transaction that creates it. */
export async function scheduleTimers(tx: Tx, approval: ApprovalRow): Promise<void> {
  if (approval.remindAfterMinutes) {
    const runAt = new Date(approval.createdAt.getTime() + approval.remindAfterMinutes * 60_000);
    if (!approval.deadline || runAt < approval.deadline)
      await enqueue(
        tx,
        approvalReminderSpec,
        { approvalId: approval.id },
        { runAt, jobKey: remindJobKey(approval.id) },
      );
  }
  if (approval.deadline)
    await enqueue(
      tx,
      approvalExpirySpec,
      { approvalId: approval.id },
      { runAt: approval.deadline, jobKey: expireJobKey(approval.id) },
    );
}

/** Removes the timers of an approval that ended. */
export async function cancelTimers(tx: Tx, approvalId: number): Promise<void> {
  await cancelJob(tx, remindJobKey(approvalId));
  await cancelJob(tx, expireJobKey(approvalId));
}

export const approvalReminderSpec = jobSpec<{ approvalId: number }>({
  id: 'approvals.remind',
  version: 1,
  payload,
});
export const approvalExpirySpec = jobSpec<{ approvalId: number }>({
  id: 'approvals.expire',
  version: 1,
  payload,
});
