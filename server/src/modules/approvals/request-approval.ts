import type { ApprovalMode, ApprovalSubjectType, ApproverRule } from '../../../../contracts/approvals.ts';
import { approvalApprovers, approvals } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import { announceChange } from './finish.ts';
import { scheduleTimers } from './jobs.ts';
import { notifyApprovers } from './notify-approvers.ts';
import { resolveApprovers } from './resolve-approvers.ts';
import { currentOf } from './store.ts';

export interface ApprovalRequest {
  subjectType: ApprovalSubjectType;
  /** The thing approved (ticket id, runbook run id ...). */
  subjectId: number;
  /** The ticket it belongs to, when there is one. */
  ticketId?: number | null;
  changeId?: number | null;
  /** What is asked, shown to approvers. */
  title: string;
  /** People, in order (the order matters for `sequence`). */
  approverIds?: number[];
  /**
   * Approvers by rule (a person, a team's lead, the requester's manager), resolved now and asked
   * after `approverIds`, in order; someone found twice is asked once.
   */
  approverRules?: ApproverRule[];
  /**
   * A rule that finds nobody active: `reject` (a person asks: a 400 on `approverRules.{i}`) or
   * `fallback` (automatic requests: the lead of the ticket's team, else the first administrator,
   * is asked instead, and `approval.rule_failed` is on the ticket's timeline).
   */
  onUnresolvedRule?: 'reject' | 'fallback';
  mode: ApprovalMode;
  deadline?: Date | null;
  remindAfterMinutes?: number | null;
  /** The user who asks (null: the system). */
  requestedBy: number | null;
}

/**
 * Asks people for a yes, in the caller's transaction: the approval and its approvers, the
 * `approval.requested` event, the reminder and deadline timers, and a notice to whoever may
 * decide now (everyone, or the first in a sequence). When it ends the engine records
 * `approval.decided`, which the subject's module subscribes to (registry.ts).
 * Bad approvers (none, repeated, unknown or inactive; a rule that finds nobody, unless it falls
 * back) or a past deadline: a 400, nothing written.
 */
export async function requestApproval(tx: Tx, input: ApprovalRequest): Promise<{ id: number }> {
  const title = input.title.trim();
  if (!title)
    throw new AppError('validation.invalid', { field: 'title', params: { detail: 'title is empty' } });
  const { people, failed } = await resolveApprovers(tx, {
    approverIds: input.approverIds ?? [],
    approverRules: input.approverRules ?? [],
    ticketId: input.ticketId ?? null,
    onUnresolved: input.onUnresolvedRule ?? 'reject',
  });
  const ids = people.map((p) => p.id);
  const names = new Map(people.map((p) => [p.id, p.name]));
  const now = new Date();
  if (input.deadline && input.deadline.getTime() <= now.getTime())
    throw new AppError('approval.bad_deadline', { field: 'deadline' });

  const [row] = await tx
    .insert(approvals)
    .values({
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      ticketId: input.ticketId ?? null,
      changeId: input.changeId ?? null,
      title: title.slice(0, 300),
      mode: input.mode,
      deadline: input.deadline ?? null,
      remindAfterMinutes: input.remindAfterMinutes ?? null,
      requestedBy: input.requestedBy,
      createdAt: now,
    })
    .returning();
  if (!row) throw new Error('insert returned no row');
  const approvers = await tx
    .insert(approvalApprovers)
    .values(ids.map((userId, position) => ({ approvalId: row.id, userId, position })))
    .returning();
  await recordEvent(tx, {
    kind: 'approval.requested',
    entityType: 'approval',
    entityId: row.id,
    ticketId: row.ticketId,
    actorId: input.requestedBy,
    data: {
      approvalId: row.id,
      subjectType: row.subjectType,
      subjectId: row.subjectId,
      ticketId: row.ticketId,
      changeId: row.changeId,
      title: row.title,
      mode: row.mode,
      approvers: ids.map((id) => ({ id, name: names.get(id) ?? null })),
      deadline: row.deadline?.toISOString() ?? null,
    },
  });
  for (const failure of failed)
    await recordEvent(tx, {
      kind: 'approval.rule_failed',
      entityType: 'approval',
      entityId: row.id,
      ticketId: row.ticketId,
      actorId: input.requestedBy,
      data: {
        approvalId: row.id,
        subjectType: row.subjectType,
        subjectId: row.subjectId,
        ticketId: row.ticketId,
        title: row.title,
        rule: failure.rule,
        reason: failure.reason,
        substitute: failure.substitute,
        internal: true,
      },
    });
  await scheduleTimers(tx, row);
  const loaded = { row, approvers };
  await notifyApprovers(tx, row, currentOf(loaded), 'request');
  await announceChange(tx, loaded);
  return { id: row.id };
}
