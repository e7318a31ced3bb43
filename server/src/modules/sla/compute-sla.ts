import { sql } from 'drizzle-orm';
import type { TicketSlaDto } from '../../../../contracts/sla.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { executePrepared } from '../../platform/db/prepared.ts';
import { computeClocks, type SlaComputation } from './domain/clocks.ts';
import {
  EVENT_COLUMNS,
  EVENT_FILTER,
  type EventRow,
  loadTicketFacts,
  TICKET_COLUMNS,
  type TicketFacts,
  type TicketRow,
  toFacts,
} from './history.ts';
import { type LoadedPolicy, loadPolicies } from './policy-loader.ts';
import { presentSla } from './presenter.ts';
import {
  currentVendorClock,
  HANDOFF_COLUMNS,
  HANDOFF_FROM,
  type Handoff,
  type HandoffRow,
  loadHandoffs,
  toHandoff,
} from './vendor-clocks.ts';

export interface ComputedTicket {
  facts: TicketFacts;
  computation: SlaComputation;
  handoffs: Handoff[];
}

/** The clocks of several tickets as of `now`, straight from their history. */
export async function computeTickets(
  tx: Queryable,
  ticketIds: readonly number[],
  now: number,
  policies?: LoadedPolicy[],
): Promise<Map<number, ComputedTicket>> {
  const loaded = policies ?? (await loadPolicies(tx));
  const rules = loaded.map((p) => p.rule);
  // One after the other: a transaction is one connection.
  const facts = await loadTicketFacts(tx, ticketIds);
  const handoffs = await loadHandoffs(tx, ticketIds);
  const computed = new Map<number, ComputedTicket>();
  for (const [id, ticket] of facts) {
    computed.set(id, {
      facts: ticket,
      computation: computeClocks(ticket.history, rules, now),
      handoffs: handoffs.get(id) ?? [],
    });
  }
  return computed;
}

interface OneTicketRow extends TicketRow {
  events: EventRow[];
  handoffs: HandoffRow[];
  policy_version: string;
}

/** The policies in force, kept between reads while the policy and calendar tables do not change. */
let cachedPolicies: { version: string; policies: LoadedPolicy[] } | null = null;

/**
 * The `sla` field of a ticket read: its clocks computed now from its history, in one query
 * (the ticket, its history and hand-overs as JSON, and a version stamp of the policies, which
 * are loaded again only when it changed). The caller has already checked that the reader may
 * see the ticket.
 */
export async function ticketSla(
  tx: Queryable,
  ticketId: number,
  now: Date = new Date(),
): Promise<TicketSlaDto | null> {
  // A prepared statement: planning this query cost PostgreSQL more than running it.
  const [row] = await executePrepared<OneTicketRow>(
    tx,
    'ticket_sla',
    sql`
    select ${TICKET_COLUMNS},
      (select coalesce(json_agg(x), '[]') from (
         select ${EVENT_COLUMNS} from audit_events e
          where e.ticket_id = t.id and ${EVENT_FILTER} order by e.at, e.id) x) as events,
      (select coalesce(json_agg(y), '[]') from (
         select ${HANDOFF_COLUMNS} from ${HANDOFF_FROM}
          where h.ticket_id = t.id order by h.started_at, h.id) y) as handoffs,
      (select count(*) || ':' || coalesce(max(updated_at)::text, '') from sla_policies) || '/' ||
      (select count(*) || ':' || coalesce(max(updated_at)::text, '') from sla_calendars) as policy_version
    from tickets t left join categories c on c.id = t.category_id
   where t.id = ${ticketId}`,
  );
  if (!row) return null;
  if (cachedPolicies?.version !== row.policy_version) {
    cachedPolicies = { version: row.policy_version, policies: await loadPolicies(tx) };
  }
  const facts = toFacts(row, row.events);
  const rules = cachedPolicies.policies.map((p) => p.rule);
  const at = now.getTime();
  return presentSla(
    computeClocks(facts.history, rules, at),
    currentVendorClock(row.handoffs.map(toHandoff), at),
    at,
  );
}
