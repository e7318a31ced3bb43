import { sql } from 'drizzle-orm';
import type { EventData } from '../../../../contracts/events.ts';
import type { Priority, TicketStatus, TicketType } from '../../../../contracts/tickets.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { idArray } from '../../platform/db/id-array.ts';
import { type DataPath, historyField, historyKinds } from '../tickets/index.ts';
import type { HistoryEvent, TicketHistory } from './domain/clocks.ts';
import type { TicketAttributes } from './domain/policy.ts';

export interface TicketRow extends Record<string, unknown> {
  id: number;
  number: number;
  created_at: Date | string;
  status: TicketStatus;
  priority: Priority;
  type: TicketType;
  category: string | null;
  organization_id: number | null;
  team_id: number | null;
  assignee_id: number | null;
}

export interface EventRow extends Record<string, unknown> {
  kind: string;
  at: Date | string;
  status_to: TicketStatus | null;
  priority_from: Priority | null;
  priority_to: Priority | null;
  type_from: TicketType | null;
  type_to: TicketType | null;
  category_changed: boolean;
  category_from: string | null;
  category_to: string | null;
  public_staff_reply: boolean;
}

export interface TicketFacts {
  id: number;
  number: number;
  status: TicketStatus;
  teamId: number | null;
  assigneeId: number | null;
  attributes: TicketAttributes;
  history: TicketHistory;
}

/** The ticket columns the clocks need (tickets t, categories c). */
export const TICKET_COLUMNS =
  sql.raw(`t.id, t.number, t.created_at, t.status, t.priority, t.type, c.path as category,
  t.organization_id, t.team_id, t.assignee_id`);

/** The audit events that move clocks (audit_events_v e): ticket changes and messages. */
export const EVENT_FILTER = historyKinds('ticket.updated', 'message.created');

/** Each event reduced to what the clocks read (the ticket history's typed fields). */
export const EVENT_COLUMNS = (() => {
  const change = (...path: DataPath<EventData<'ticket.updated'>>) => historyField('ticket.updated', path);
  const message = (key: 'internal' | 'fromStaff') => historyField('message.created', [key]);
  return sql`e.kind, e.at,
  ${change('changes', 'status', 'to')} as status_to,
  ${change('changes', 'priority', 'from')} as priority_from,
  ${change('changes', 'priority', 'to')} as priority_to,
  ${change('changes', 'type', 'from')} as type_from,
  ${change('changes', 'type', 'to')} as type_to,
  ${historyField('ticket.updated', ['changes', 'category'], { json: true })} is not null as category_changed,
  ${change('changes', 'category', 'from', 'name')} as category_from,
  ${change('changes', 'category', 'to', 'name')} as category_to,
  (e.kind = 'message.created' and coalesce(${message('internal')}::boolean, false) = false
    and coalesce(${message('fromStaff')}::boolean, false)) as public_staff_reply`;
})();

const time = (value: Date | string) => (value instanceof Date ? value.getTime() : Date.parse(value));

/**
 * Reads the clocks' view of tickets: the ticket as it is now, and its history from the
 * append-only audit log (status changes, changes of priority, type and category, and public
 * replies by the desk). The attributes a ticket was created with are its present ones with
 * every later change undone.
 */
export async function loadTicketFacts(
  tx: Queryable,
  ticketIds: readonly number[],
): Promise<Map<number, TicketFacts>> {
  const facts = new Map<number, TicketFacts>();
  if (ticketIds.length === 0) return facts;
  const ids = idArray(ticketIds);
  const tickets = await tx.execute<TicketRow & { chosen_policy_id: number | null }>(
    sql`select ${TICKET_COLUMNS}, ${CHOSEN_POLICY} as chosen_policy_id
          from tickets_v t left join ticket_categories_v c on c.id = t.category_id where t.id = any(${ids})`,
  );
  const events = await tx.execute<EventRow & { ticket_id: number }>(sql`
    select e.ticket_id, ${EVENT_COLUMNS} from audit_events_v e
     where e.ticket_id = any(${ids}) and ${EVENT_FILTER}
     order by e.ticket_id, e.at, e.id`);
  const byTicket = new Map<number, EventRow[]>();
  for (const row of events.rows) {
    const list = byTicket.get(row.ticket_id);
    if (list) list.push(row);
    else byTicket.set(row.ticket_id, [row]);
  }
  for (const ticket of tickets.rows) {
    facts.set(ticket.id, toFacts(ticket, byTicket.get(ticket.id) ?? [], ticket.chosen_policy_id));
  }
  return facts;
}

/** The policy chosen for the ticket `t` (setTicketPolicy), as a scalar subquery. */
export const CHOSEN_POLICY = sql`(select tp.policy_id from sla_ticket_policies tp where tp.ticket_id = t.id)`;

/** A ticket's facts from its row, its history rows (in time order) and the policy chosen for it. */
export function toFacts(
  ticket: TicketRow,
  events: readonly EventRow[],
  chosenPolicyId: number | null = null,
): TicketFacts {
  const attributes: TicketAttributes = {
    priority: ticket.priority,
    type: ticket.type,
    category: ticket.category,
    organizationId: ticket.organization_id,
  };
  return {
    id: ticket.id,
    number: ticket.number,
    status: ticket.status,
    teamId: ticket.team_id,
    assigneeId: ticket.assignee_id,
    attributes,
    history: { ...buildHistory(time(ticket.created_at), attributes, events), policyId: chosenPolicyId },
  };
}

function buildHistory(
  createdAt: number,
  current: TicketAttributes,
  rows: readonly EventRow[],
): TicketHistory {
  const initial: TicketAttributes = { ...current };
  const seen = new Set<string>();
  const events: HistoryEvent[] = [];
  for (const row of rows) {
    const at = time(row.at);
    if (row.kind === 'message.created') {
      if (row.public_staff_reply) events.push({ at, kind: 'agent_reply' });
      continue;
    }
    const changes: Partial<TicketAttributes> = {};
    if (row.priority_to) {
      if (!seen.has('priority') && row.priority_from) initial.priority = row.priority_from;
      seen.add('priority');
      changes.priority = row.priority_to;
    }
    if (row.type_to) {
      if (!seen.has('type') && row.type_from) initial.type = row.type_from;
      seen.add('type');
      changes.type = row.type_to;
    }
    if (row.category_changed) {
      if (!seen.has('category')) initial.category = row.category_from;
      seen.add('category');
      changes.category = row.category_to;
    }
    if (Object.keys(changes).length > 0) events.push({ at, kind: 'attributes', changes });
    if (row.status_to) events.push({ at, kind: 'status', to: row.status_to });
  }
  return { createdAt, status: 'new', attributes: initial, events };
}
