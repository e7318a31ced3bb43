import { sql } from 'drizzle-orm';
import type { FollowupDto } from '../../../../contracts/surveys.ts';
import { qualityFollowups } from '../../db/schema.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, assertCan } from '../identity/index.ts';

interface FollowupRow extends Record<string, unknown> {
  id: number;
  ticket_id: number;
  number: number;
  subject: string;
  assignee_name: string | null;
  requester_name: string;
  reason: 'low_csat';
  score: number | null;
  comment: string | null;
  status: 'open' | 'closed';
  created_at: string | Date;
  closed_at: string | Date | null;
  closed_by: number | null;
  closed_by_name: string | null;
  note: string | null;
}

const iso = (v: string | Date) => new Date(v).toISOString();

function present(row: FollowupRow): FollowupDto {
  return {
    id: row.id,
    ticket: {
      id: row.ticket_id,
      number: row.number,
      subject: row.subject,
      assigneeName: row.assignee_name,
      requesterName: row.requester_name,
    },
    reason: row.reason,
    score: row.score,
    comment: row.comment,
    status: row.status,
    createdAt: iso(row.created_at),
    closedAt: row.closed_at === null ? null : iso(row.closed_at),
    closedBy: row.closed_by === null ? null : { id: row.closed_by, name: row.closed_by_name ?? '' },
    note: row.note,
  };
}

const SELECT = sql`
  select f.id, f.ticket_id, t.number, t.subject, a.name as assignee_name, r.name as requester_name,
         f.reason, f.score, f.comment, f.status, f.created_at, f.closed_at, f.closed_by,
         c.name as closed_by_name, f.note
    from quality_followups f
    join tickets_v t on t.id = f.ticket_id
    join identity_users_v r on r.id = t.requester_id
    left join identity_users_v a on a.id = t.assignee_id
    left join identity_users_v c on c.id = f.closed_by`;

/** The quality manager's list of low-score follow-ups (FB-4), newest first. */
export async function listFollowups(options: {
  tx: Queryable;
  actor: Actor;
  status: 'open' | 'closed' | 'all';
}): Promise<FollowupDto[]> {
  const { tx, actor, status } = options;
  assertCan(actor, 'quality.followup');
  const where = status === 'all' ? sql`` : sql` where f.status = ${status}`;
  const result = await tx.execute<FollowupRow>(
    sql`${SELECT}${where} order by f.created_at desc, f.id desc limit 500`,
  );
  return result.rows.map(present);
}

/** Closes a follow-up with what was done about it. */
export async function closeFollowup(options: {
  tx: Tx;
  actor: Actor;
  followupId: number;
  note: string;
  now?: Date;
}): Promise<FollowupDto> {
  const { tx, actor, followupId, note } = options;
  const now = options.now ?? new Date();
  assertCan(actor, 'quality.followup');
  const result = await tx.execute<{ status: string; ticket_id: number }>(
    sql`select status, ticket_id from quality_followups where id = ${followupId} for update`,
  );
  const row = result.rows[0];
  if (!row) throw new AppError('survey.followup_not_found');
  if (row.status !== 'open') throw new AppError('survey.followup_closed');
  await tx
    .update(qualityFollowups)
    .set({ status: 'closed', closedAt: now, closedBy: actor.id, note })
    .where(sql`${qualityFollowups.id} = ${followupId}`);
  await recordEvent(tx, {
    kind: 'survey.followup_closed',
    entityType: 'quality_followup',
    entityId: followupId,
    ticketId: row.ticket_id,
    actorId: actor.id,
    at: now,
    data: { followupId, note, internal: true },
  });
  const after = await tx.execute<FollowupRow>(sql`${SELECT} where f.id = ${followupId}`);
  const closed = after.rows[0];
  if (!closed) throw new AppError('survey.followup_not_found');
  return present(closed);
}
