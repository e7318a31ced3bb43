import { sql } from 'drizzle-orm';
import type { TicketSlaDto } from '../../../../contracts/sla.ts';
import type { Queryable } from '../../platform/db/database.ts';
import type { TicketSectionRow, TicketSlaSection } from '../tickets/index.ts';
import { computeClocks, type SlaComputation } from './domain/clocks.ts';
import {
  CHOSEN_POLICY,
  EVENT_COLUMNS,
  EVENT_FILTER,
  type EventRow,
  loadTicketFacts,
  type TicketFacts,
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

/** What `SLA_SOURCE` yields: the clock-moving history, the hand-overs and a policy version stamp. */
interface SlaSource {
  events: EventRow[];
  handoffs: HandoffRow[];
  policy_version: string;
  /** The policy chosen for the ticket (setTicketPolicy), or null. */
  chosen_policy_id: number | null;
}

/**
 * The SLA inputs of the ticket `t` (categories `c` joined) as one JSON column, for a read
 * that fetches the ticket anyway: its history, its hand-overs to vendors, and a version
 * stamp of the policies and calendars, so that a ticket read stays one round trip.
 */
export const SLA_SOURCE = sql`json_build_object(
    'events', (select coalesce(json_agg(x), '[]') from (
       select ${EVENT_COLUMNS} from audit_events_v e
        where e.ticket_id = t.id and ${EVENT_FILTER} order by e.at, e.id) x),
    'handoffs', (select coalesce(json_agg(y), '[]') from (
       select ${HANDOFF_COLUMNS} from ${HANDOFF_FROM}
        where h.ticket_id = t.id order by h.started_at, h.id) y),
    'policy_version',
      (select count(*) || ':' || coalesce(max(updated_at)::text, '') from sla_policies) || '/' ||
      (select count(*) || ':' || coalesce(max(updated_at)::text, '') from sla_calendars),
    'chosen_policy_id', ${CHOSEN_POLICY})`;

/** The policies in force, kept between reads while the policy and calendar tables do not change. */
let cachedPolicies: { version: string; policies: LoadedPolicy[] } | null = null;

/**
 * The `sla` field of a ticket read: its clocks computed now from the ticket's row and its
 * `SLA_SOURCE` column (the policies are loaded again only when their version stamp changed).
 * The caller has already checked that the reader may see the ticket.
 */
export async function slaOfTicket(
  tx: Queryable,
  row: TicketSectionRow,
  now: Date = new Date(),
): Promise<TicketSlaDto> {
  // The column this module contributed to the read (SLA_SOURCE).
  const source = row.sla_source as SlaSource;
  if (cachedPolicies?.version !== source.policy_version) {
    cachedPolicies = { version: source.policy_version, policies: await loadPolicies(tx) };
  }
  const facts = toFacts(row, source.events, source.chosen_policy_id ?? null);
  const rules = cachedPolicies.policies.map((p) => p.rule);
  const at = now.getTime();
  return presentSla(
    computeClocks(facts.history, rules, at),
    currentVendorClock(source.handoffs.map(toHandoff), at),
    at,
  );
}

/** The `sla` section of the ticket read, plugged into the tickets module by the registry. */
export const slaTicketSection: TicketSlaSection = {
  column: SLA_SOURCE,
  present: (tx, row) => slaOfTicket(tx, row),
};
