import { sql } from 'drizzle-orm';
import type { TimelineEventDto } from '../../../../contracts/tickets.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { type Actor, isStaff } from '../identity/index.ts';
import { assertTicketVisible } from './get-ticket.ts';
import { isoTime } from './presenter.ts';

interface EventRow extends Record<string, unknown> {
  id: number;
  kind: string;
  at: Date | string;
  actor_id: number | null;
  actor_name: string | null;
  data: Record<string, unknown>;
  body: string | null;
}

/**
 * Kinds that are the desk's own work whatever their data says: a call-back (its reason, the
 * agent and the outcome are notes for staff). Events recorded before call-backs were marked
 * internal carry no flag, and the log is append-only, so the kind decides.
 */
const STAFF_ONLY_KINDS = ['callback.%'];

/**
 * Keys of an event's data that only staff read, whatever the version: the approver's comment
 * on an approval's end (requesters read `publicComment` instead: a reject's or a cancel's
 * reason, or a comment the approver made public).
 */
const STAFF_ONLY_FIELDS: Record<string, readonly string[]> = { 'approval.decided': ['comment'] };

/**
 * The ticket's history, read from the append-only audit log, with message bodies joined in.
 * Requesters see everything that is not internal: no internal notes, no internal files, no
 * staff-only kinds.
 */
export async function getTimeline(options: {
  tx: Queryable;
  actor: Actor;
  ticketId: number;
}): Promise<{ items: TimelineEventDto[] }> {
  const { tx, actor, ticketId } = options;
  await assertTicketVisible(tx, actor, ticketId);
  const hideInternal = isStaff(actor)
    ? sql``
    : sql` and coalesce((e.data->>'internal')::boolean, false) = false
           and not e.kind like any (${sql.param(STAFF_ONLY_KINDS)}::text[])`;
  const result = await tx.execute<EventRow>(sql`
    select e.id, e.kind, e.at, e.actor_id, u.name as actor_name, e.data, m.body
      from audit_events_v e
      left join identity_users_v u on u.id = e.actor_id
      left join ticket_messages m on e.kind = 'message.created' and m.id = e.entity_id
     where e.ticket_id = ${ticketId}${hideInternal}
     order by e.at, e.id`);
  const rows = isStaff(actor) ? result.rows : result.rows.flatMap(withoutTags).map(withoutStaffFields);
  return {
    items: rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      at: isoTime(row.at),
      actor: row.actor_id === null ? null : { id: row.actor_id, name: row.actor_name ?? '' },
      data: row.body === null ? row.data : { ...row.data, body: row.body },
    })),
  };
}

function withoutStaffFields(row: EventRow): EventRow {
  const keys = STAFF_ONLY_FIELDS[row.kind];
  if (!keys) return row;
  const data = { ...row.data };
  for (const key of keys) delete data[key];
  return { ...row, data };
}

/** Tags are the desk's own labels (issue 13): a requester's timeline leaves their changes out. */
function withoutTags(row: EventRow): EventRow[] {
  const changes = row.data.changes;
  if (
    row.kind !== 'ticket.updated' ||
    typeof changes !== 'object' ||
    changes === null ||
    !('tags' in changes)
  )
    return [row];
  const { tags: _tags, ...rest } = changes as Record<string, unknown>;
  return Object.keys(rest).length ? [{ ...row, data: { ...row.data, changes: rest } }] : [];
}
