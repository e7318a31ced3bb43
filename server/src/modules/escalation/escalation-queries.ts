import { type SQL, sql } from 'drizzle-orm';
import type { EscalationDto } from '../../../../contracts/escalation.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { assertTicketVisible } from '../tickets/index.ts';

interface Row extends Record<string, unknown> {
  id: number;
  ticket_id: number;
  ticket_number: number;
  ticket_subject: string;
  kind: EscalationDto['kind'];
  trigger: EscalationDto['trigger'];
  reason: string;
  tried: string;
  from_team_id: number | null;
  from_team_name: string | null;
  to_team_id: number | null;
  to_team_name: string | null;
  owner_id: number | null;
  owner_name: string | null;
  notified_user_ids: number[];
  created_by: number | null;
  creator_name: string | null;
  created_at: Date | string;
}

const SELECT = sql`
  select e.id, e.ticket_id, t.number as ticket_number, t.subject as ticket_subject, e.kind, e.trigger,
         e.reason, e.tried, e.from_team_id, ft.name as from_team_name, e.to_team_id, tt.name as to_team_name,
         e.owner_id, o.name as owner_name, e.notified_user_ids, e.created_by, c.name as creator_name, e.created_at
    from escalations e
    join tickets_v t on t.id = e.ticket_id
    left join identity_teams_v ft on ft.id = e.from_team_id
    left join identity_teams_v tt on tt.id = e.to_team_id
    left join identity_users_v o on o.id = e.owner_id
    left join identity_users_v c on c.id = e.created_by`;

const ref = (id: number | null, name: string | null) => (id === null ? null : { id, name: name ?? '' });

function present(row: Row): EscalationDto {
  return {
    id: row.id,
    ticket: { id: row.ticket_id, number: row.ticket_number, subject: row.ticket_subject },
    kind: row.kind,
    trigger: row.trigger,
    reason: row.reason,
    tried: row.tried,
    fromTeam: ref(row.from_team_id, row.from_team_name),
    toTeam: ref(row.to_team_id, row.to_team_name),
    owner: ref(row.owner_id, row.owner_name),
    notifiedUserIds: (row.notified_user_ids ?? []).map(Number),
    createdBy: ref(row.created_by, row.creator_name),
    createdAt: (row.created_at instanceof Date ? row.created_at : new Date(row.created_at)).toISOString(),
  };
}

export async function getEscalation(tx: Queryable, id: number): Promise<EscalationDto> {
  const result = await tx.execute<Row>(sql`${SELECT} where e.id = ${id}`);
  const row = result.rows[0];
  if (!row) throw new AppError('not_found');
  return present(row);
}

/** A ticket's escalations, oldest first (staff only: the record is internal). */
export async function listTicketEscalations(options: {
  tx: Queryable;
  actor: Actor;
  ticketId: number;
}): Promise<{ items: EscalationDto[] }> {
  assertCan(options.actor, 'ticket.work');
  await assertTicketVisible(options.tx, options.actor, options.ticketId);
  const result = await options.tx.execute<Row>(
    sql`${SELECT} where e.ticket_id = ${options.ticketId} order by e.created_at, e.id`,
  );
  return { items: result.rows.map(present) };
}

/** The escalation report (ES-3, MX-1 escalation rate): newest first, with totals for the filter. */
export async function escalationReport(options: {
  tx: Queryable;
  actor: Actor;
  query: {
    from?: string | undefined;
    to?: string | undefined;
    kind?: EscalationDto['kind'] | undefined;
    trigger?: EscalationDto['trigger'] | undefined;
    teamId?: number | undefined;
    limit: number;
  };
}) {
  const { tx, actor, query } = options;
  assertCan(actor, 'escalation.report');
  const conditions: SQL[] = [sql`true`];
  if (query.from) conditions.push(sql`e.created_at >= ${new Date(query.from).toISOString()}`);
  if (query.to) conditions.push(sql`e.created_at < ${new Date(query.to).toISOString()}`);
  if (query.kind) conditions.push(sql`e.kind = ${query.kind}`);
  if (query.trigger) conditions.push(sql`e.trigger = ${query.trigger}`);
  if (query.teamId)
    conditions.push(sql`(e.from_team_id = ${query.teamId} or e.to_team_id = ${query.teamId})`);
  const where = sql.join(conditions, sql` and `);
  const rows = await tx.execute<Row>(
    sql`${SELECT} where ${where} order by e.created_at desc, e.id desc limit ${query.limit}`,
  );
  const totals = await tx.execute<{ kind: string; trigger: string; count: number }>(sql`
    select e.kind, e.trigger, count(*)::int as count from escalations e where ${where} group by e.kind, e.trigger`);
  const byTrigger: Record<string, number> = {};
  let functional = 0;
  let hierarchical = 0;
  for (const row of totals.rows) {
    byTrigger[row.trigger] = (byTrigger[row.trigger] ?? 0) + row.count;
    if (row.kind === 'functional') functional += row.count;
    else hierarchical += row.count;
  }
  return {
    items: rows.rows.map(present),
    totals: { all: functional + hierarchical, functional, hierarchical, byTrigger },
  };
}
