import type { TicketDto, TicketSummaryDto } from '../../../../contracts/tickets.ts';
import { isoOf } from '../../platform/http/iso-time.ts';

/** One row of the ticket queries (tickets t joined with people, team and category). */
export interface TicketRow extends Record<string, unknown> {
  id: number;
  number: number;
  type: TicketDto['type'];
  category: string | null;
  subject: string;
  description?: string;
  error_code: string | null;
  environment?: string | null;
  steps_tried?: string | null;
  business_impact?: string | null;
  occurred_at: Date | string | null;
  channel: TicketDto['channel'];
  impact: TicketDto['impact'];
  urgency: TicketDto['urgency'];
  priority: TicketDto['priority'];
  priority_overridden: boolean;
  priority_reason: string | null;
  status: TicketDto['status'];
  requester_id: number;
  requester_name: string;
  requester_email: string;
  organization_id: number | null;
  team_id: number | null;
  team_name: string | null;
  team_tier: string | null;
  assignee_id: number | null;
  assignee_name: string | null;
  assignee_email: string | null;
  reopen_count: number;
  external_id: string | null;
  created_at: Date | string;
  updated_at: Date | string;
  resolved_at: Date | string | null;
  closed_at: Date | string | null;
  tags: string[];
}

/** The select list and joins behind TicketRow; `long` adds the long texts. */
export function ticketColumns(long: boolean): string {
  return `t.id, t.number, t.type, c.path as category, t.subject, t.error_code, t.occurred_at, t.channel,
    t.impact, t.urgency, t.priority, t.priority_overridden, t.priority_reason, t.status,
    t.requester_id, r.name as requester_name, r.email as requester_email, t.organization_id,
    t.team_id, tm.name as team_name, tm.tier as team_tier,
    t.assignee_id, a.name as assignee_name, a.email as assignee_email,
    t.reopen_count, t.external_id, t.created_at, t.updated_at, t.resolved_at, t.closed_at, t.tags
    ${long ? ', t.description, t.environment, t.steps_tried, t.business_impact' : ''}`;
}

export const TICKET_JOINS = `tickets t
  join identity_users_v r on r.id = t.requester_id
  left join identity_users_v a on a.id = t.assignee_id
  left join identity_teams_v tm on tm.id = t.team_id
  left join categories c on c.id = t.category_id`;

/** Raw queries return timestamps as PostgreSQL text; drizzle's typed ones as Dates. */
export function isoTime(value: Date | string): string {
  return isoOf(value);
}
const iso = (value: Date | string | null) => (value === null ? null : isoTime(value));

export function presentTicketSummary(row: TicketRow): TicketSummaryDto {
  return {
    id: row.id,
    number: row.number,
    type: row.type,
    category: row.category,
    subject: row.subject,
    errorCode: row.error_code,
    occurredAt: iso(row.occurred_at),
    channel: row.channel,
    impact: row.impact,
    urgency: row.urgency,
    priority: row.priority,
    priorityOverridden: row.priority_overridden,
    priorityReason: row.priority_reason,
    status: row.status,
    requester: { id: row.requester_id, name: row.requester_name, email: row.requester_email },
    organizationId: row.organization_id,
    team:
      row.team_id === null ? null : { id: row.team_id, name: row.team_name ?? '', tier: row.team_tier ?? '' },
    assignee:
      row.assignee_id === null
        ? null
        : { id: row.assignee_id, name: row.assignee_name ?? '', email: row.assignee_email ?? '' },
    reopenCount: row.reopen_count,
    externalId: row.external_id,
    createdAt: isoTime(row.created_at),
    updatedAt: isoTime(row.updated_at),
    resolvedAt: iso(row.resolved_at),
    closedAt: iso(row.closed_at),
    tags: row.tags ?? [],
  };
}

export function presentTicket(row: TicketRow, links: TicketDto['links']): TicketDto {
  return {
    ...presentTicketSummary(row),
    description: row.description ?? '',
    environment: row.environment ?? null,
    stepsTried: row.steps_tried ?? null,
    businessImpact: row.business_impact ?? null,
    links,
  };
}
