import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { ApprovalDto } from '../../../../contracts/approvals.ts';
import { approvalApprovers, approvals } from '../../db/schema.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { type Actor, can, isStaff } from '../identity/index.ts';
import { assertTicketVisible } from '../tickets/index.ts';
import { currentApprovers, type Vote } from './domain.ts';

export type ApprovalRow = typeof approvals.$inferSelect;
export type ApproverRow = typeof approvalApprovers.$inferSelect;
export interface LoadedApproval {
  row: ApprovalRow;
  approvers: ApproverRow[];
}

const votes = (approvers: readonly ApproverRow[]): Vote[] =>
  approvers.map((a) => ({ userId: a.userId, position: a.position, decision: a.decision }));

/** Who may decide now (none once the approval ended). */
export function currentOf(loaded: LoadedApproval): number[] {
  if (loaded.row.status !== 'pending') return [];
  return currentApprovers(loaded.row.mode, votes(loaded.approvers));
}

export { votes };

/** An approval and its approvers in order; the approval row locked when asked. */
export async function loadApproval(
  tx: Queryable,
  approvalId: number,
  options: { forUpdate?: boolean } = {},
): Promise<LoadedApproval | null> {
  const query = tx.select().from(approvals).where(eq(approvals.id, approvalId));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) return null;
  const approvers = await tx
    .select()
    .from(approvalApprovers)
    .where(eq(approvalApprovers.approvalId, approvalId))
    .orderBy(asc(approvalApprovers.position));
  return { row, approvers };
}

/**
 * The approval if the actor may see it: its approvers and the person who asked, and staff who
 * may see its ticket (or any staff when it has none). Anyone else gets a 404.
 */
export async function loadVisible(
  tx: Queryable,
  actor: Actor,
  approvalId: number,
  options: { forUpdate?: boolean } = {},
): Promise<LoadedApproval> {
  const loaded = await loadApproval(tx, approvalId, options);
  if (!loaded) throw new AppError('approval.not_found');
  if (loaded.approvers.some((a) => a.userId === actor.id) || loaded.row.requestedBy === actor.id)
    return loaded;
  if (isStaff(actor)) {
    if (loaded.row.ticketId === null) return loaded;
    try {
      await assertTicketVisible(tx, actor, loaded.row.ticketId);
      return loaded;
    } catch {
      // not visible: as if there were no such approval
    }
  }
  throw new AppError('approval.not_found');
}

const idList = (ids: Iterable<number>) =>
  sql.join(
    [...ids].map((id) => sql`${id}`),
    sql`, `,
  );

/** Who reads an approval: staff and its approvers read every comment; others (the requester) less. */
export interface Viewer {
  id: number;
  staff: boolean;
  /** May cancel any pending approval (administrators). */
  admin: boolean;
}

export const viewerOf = (actor: Actor): Viewer => ({
  id: actor.id,
  staff: isStaff(actor),
  admin: can(actor, 'settings.manage'),
});

/**
 * An approver's comment as the viewer may read it. Staff and the approvers read all; anyone
 * else (the requester, on the portal or as the person who asked for a catalog service) reads
 * a reject's comment (its reason) and a comment the approver made public, nothing else.
 */
function commentFor(viewer: Viewer, approvers: readonly ApproverRow[], approver: ApproverRow): string | null {
  if (viewer.staff || approvers.some((a) => a.userId === viewer.id)) return approver.comment;
  return approver.decision === 'reject' || approver.commentPublic ? approver.comment : null;
}

const iso = (value: Date | null) => (value === null ? null : value.toISOString());

/** Approvals with their approvers' names and their ticket's number, for the API. */
export async function presentApprovals(
  tx: Queryable,
  loaded: readonly LoadedApproval[],
  viewer: Viewer,
): Promise<ApprovalDto[]> {
  const viewerId = viewer.id;
  if (loaded.length === 0) return [];
  const userIds = new Set<number>();
  const ticketIds = new Set<number>();
  for (const { row, approvers } of loaded) {
    if (row.requestedBy !== null) userIds.add(row.requestedBy);
    if (row.ticketId !== null) ticketIds.add(row.ticketId);
    for (const a of approvers) userIds.add(a.userId);
  }
  const names = new Map<number, string>();
  const people = await tx.execute<{ id: number; name: string }>(
    sql`select id, name from identity_users_v where id in (${idList(userIds)})`,
  );
  for (const p of people.rows) names.set(Number(p.id), p.name);
  const numbers = new Map<number, number>();
  if (ticketIds.size > 0) {
    const rows = await tx.execute<{ id: number; number: number }>(
      sql`select id, number from tickets_v where id in (${idList(ticketIds)})`,
    );
    for (const t of rows.rows) numbers.set(Number(t.id), Number(t.number));
  }
  return loaded.map((item) => {
    const { row, approvers } = item;
    const current = new Set(currentOf(item));
    return {
      id: row.id,
      subjectType: row.subjectType,
      subjectId: row.subjectId,
      ticketId: row.ticketId,
      ticketNumber: row.ticketId === null ? null : (numbers.get(row.ticketId) ?? null),
      changeId: row.changeId,
      title: row.title,
      mode: row.mode,
      status: row.status,
      requestedBy:
        row.requestedBy === null ? null : { id: row.requestedBy, name: names.get(row.requestedBy) ?? '' },
      approvers: approvers.map((a) => ({
        userId: a.userId,
        name: names.get(a.userId) ?? '',
        position: a.position,
        decision: a.decision,
        comment: commentFor(viewer, approvers, a),
        commentPublic: a.commentPublic,
        decidedAt: iso(a.decidedAt),
        current: current.has(a.userId),
      })),
      deadline: iso(row.deadline),
      remindAfterMinutes: row.remindAfterMinutes,
      createdAt: row.createdAt.toISOString(),
      decidedAt: iso(row.decidedAt),
      cancelReason: row.status === 'cancelled' ? row.comment : null,
      canDecide: current.has(viewerId),
      canCancel: row.status === 'pending' && (row.requestedBy === viewerId || viewer.admin),
    };
  });
}

/** Many approvals by id, each with its approvers, in the order of the ids. */
export async function loadApprovals(tx: Queryable, ids: readonly number[]): Promise<LoadedApproval[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .select()
    .from(approvals)
    .where(inArray(approvals.id, [...ids]));
  const people = await tx
    .select()
    .from(approvalApprovers)
    .where(inArray(approvalApprovers.approvalId, [...ids]))
    .orderBy(asc(approvalApprovers.approvalId), asc(approvalApprovers.position));
  const byId = new Map(rows.map((row) => [row.id, { row, approvers: [] as ApproverRow[] }]));
  for (const p of people) byId.get(p.approvalId)?.approvers.push(p);
  return ids.flatMap((id) => {
    const item = byId.get(id);
    return item ? [item] : [];
  });
}
