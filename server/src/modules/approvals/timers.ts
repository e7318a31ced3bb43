import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { approvalApprovers } from '../../db/schema.ts';
import { idArray } from '../../platform/db/id-array.ts';
import { defineJob } from '../../platform/jobs/jobs.ts';
import { recordEvent } from '../audit/index.ts';
import { finishApproval } from './finish.ts';
import { approvalExpirySpec, approvalReminderSpec } from './jobs.ts';
import { notifyApprovers } from './notify-approvers.ts';
import { currentOf, loadApproval } from './store.ts';

/** At the deadline a pending approval ends `expired` (its subject hears `approval.decided`). */
export const approvalExpiryJob = defineJob<{ approvalId: number }>({
  ...approvalExpirySpec,
  async run(payload, context) {
    await context.db.transaction(async (tx) => {
      const loaded = await loadApproval(tx, payload.approvalId, { forUpdate: true });
      if (loaded?.row.status !== 'pending') return;
      const deadline = loaded.row.deadline;
      // Run early (a clock ahead, a moved deadline)? Not yet.
      if (!deadline || deadline.getTime() > context.now.getTime()) return;
      await finishApproval(tx, loaded, 'expired', {
        comment: null,
        publicComment: null,
        actorId: null,
        at: deadline,
      });
    });
  },
});

/** Reminds the approvers who may decide now and have not, once (`reminded_at`). */
export const approvalReminderJob = defineJob<{ approvalId: number }>({
  ...approvalReminderSpec,
  async run(payload, context) {
    await context.db.transaction(async (tx) => {
      const loaded = await loadApproval(tx, payload.approvalId, { forUpdate: true });
      if (loaded?.row.status !== 'pending') return;
      const due = new Set(currentOf(loaded));
      const waiting = loaded.approvers.filter((a) => due.has(a.userId) && a.remindedAt === null);
      if (waiting.length === 0) return;
      const ids = waiting.map((a) => a.userId);
      await tx
        .update(approvalApprovers)
        .set({ remindedAt: context.now })
        .where(
          and(
            eq(approvalApprovers.approvalId, loaded.row.id),
            inArray(approvalApprovers.userId, ids),
            isNull(approvalApprovers.remindedAt),
          ),
        );
      const names = await tx.execute<{ id: number; name: string }>(
        sql`select id, name from identity_users_v where id = any(${idArray(ids)})`,
      );
      await recordEvent(tx, {
        kind: 'approval.reminded',
        entityType: 'approval',
        entityId: loaded.row.id,
        ticketId: loaded.row.ticketId,
        actorId: null,
        data: {
          approvalId: loaded.row.id,
          subjectType: loaded.row.subjectType,
          subjectId: loaded.row.subjectId,
          ticketId: loaded.row.ticketId,
          title: loaded.row.title,
          approvers: names.rows.map((p) => ({ id: Number(p.id), name: p.name })),
          internal: true,
        },
      });
      await notifyApprovers(tx, loaded.row, ids, 'reminder');
    });
  },
});
