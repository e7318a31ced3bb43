import { sql } from 'drizzle-orm';
import type { ApprovalDto } from '../../../../contracts/approvals.ts';
import type { Queryable } from '../../platform/db/database.ts';
import type { Actor } from '../identity/index.ts';
import { assertTicketVisible } from '../tickets/index.ts';
import { loadApprovals, loadVisible, presentApprovals, viewerOf } from './store.ts';

/**
 * `pending`: what the signed-in person must decide now (oldest first); `decided`: the approvals
 * they were asked that they decided or that ended, newest first (their history).
 */
export async function listMyApprovals(options: {
  tx: Queryable;
  actor: Actor;
  input: { status: 'pending' | 'decided'; limit: number };
}): Promise<ApprovalDto[]> {
  const { tx, actor, input } = options;
  const rows =
    input.status === 'pending'
      ? await tx.execute<{ id: number }>(sql`
          select a.id from approvals a
            join approval_approvers me on me.approval_id = a.id and me.user_id = ${actor.id}
           where me.decision is null and a.status = 'pending'
             and (a.mode <> 'sequence' or me.position = (
                   select min(o.position) from approval_approvers o
                    where o.approval_id = a.id and o.decision is null))
           order by a.created_at, a.id
           limit ${input.limit}`)
      : await tx.execute<{ id: number }>(sql`
          select a.id from approvals a
            join approval_approvers me on me.approval_id = a.id and me.user_id = ${actor.id}
           where me.decision is not null
              or (a.status <> 'pending'
                  -- in a sequence that ended before their turn they were never asked
                  and (a.mode <> 'sequence' or not exists (
                        select 1 from approval_approvers o
                         where o.approval_id = a.id and o.position < me.position
                           and o.decision is distinct from 'approve')))
           order by coalesce(me.decided_at, a.decided_at) desc, a.id desc
           limit ${input.limit}`);
  const loaded = await loadApprovals(
    tx,
    rows.rows.map((row) => Number(row.id)),
  );
  return presentApprovals(tx, loaded, viewerOf(actor));
}

/** How many approvals wait for the person now (the menu's count). */
export async function countMyPending(tx: Queryable, actor: Actor): Promise<number> {
  const result = await tx.execute<{ n: number }>(sql`
    select count(*)::int as n from approvals a
      join approval_approvers me on me.approval_id = a.id and me.user_id = ${actor.id}
     where me.decision is null and a.status = 'pending'
       and (a.mode <> 'sequence' or me.position = (
             select min(o.position) from approval_approvers o
              where o.approval_id = a.id and o.decision is null))`);
  return Number(result.rows[0]?.n ?? 0);
}

/** One approval, for its approvers, the person who asked and staff who may see its ticket. */
export async function getApproval(options: {
  tx: Queryable;
  actor: Actor;
  approvalId: number;
}): Promise<ApprovalDto> {
  const loaded = await loadVisible(options.tx, options.actor, options.approvalId);
  const [dto] = await presentApprovals(options.tx, [loaded], viewerOf(options.actor));
  if (!dto) throw new Error('approval vanished');
  return dto;
}

/** The approvals of a ticket, newest first, for anyone who may see the ticket. */
export async function listTicketApprovals(options: {
  tx: Queryable;
  actor: Actor;
  ticketId: number;
}): Promise<ApprovalDto[]> {
  const { tx, actor, ticketId } = options;
  await assertTicketVisible(tx, actor, ticketId);
  const rows = await tx.execute<{ id: number }>(
    sql`select id from approvals where ticket_id = ${ticketId} order by created_at desc, id desc limit 100`,
  );
  const loaded = await loadApprovals(
    tx,
    rows.rows.map((row) => Number(row.id)),
  );
  // Comments a requester may not read are left out by presentApprovals (store.ts).
  return presentApprovals(tx, loaded, viewerOf(actor));
}
