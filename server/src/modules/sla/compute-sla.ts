import { type SQL, sql } from 'drizzle-orm';
import type { TicketSlaDto } from '../../../../contracts/sla.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { idArray } from '../../platform/db/id-array.ts';
import type { TicketSectionRow, TicketSlaSection } from '../tickets/index.ts';
import { computeClocks, type SlaComputation } from './domain/clocks.ts';
import {
  CHOSEN_POLICY,
  EVENT_COLUMNS,
  EVENT_FILTER,
  type EventRow,
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
  toHandoff,
} from './vendor-clocks.ts';

export interface ComputedTicket {
  facts: TicketFacts;
  computation: SlaComputation;
  handoffs: Handoff[];
}

/**
 * The clocks of several tickets as of `now`, straight from their history: the tickets, their
 * clock-moving history and their hand-overs in one statement (`SLA_SOURCE` per ticket, as a
 * ticket read fetches them), and the policies from the cache while their version stamp is
 * unchanged, so that recomputing a group commit's clocks costs one round trip, not four.
 * `extra`: another column of the same read (tickets_v t), returned beside each ticket.
 */
export async function computeTickets(
  tx: Queryable,
  ticketIds: readonly number[],
  now: number,
  policies?: LoadedPolicy[],
  extra?: SQL,
): Promise<Map<number, ComputedTicket & { extra?: unknown }>> {
  const computed = new Map<number, ComputedTicket & { extra?: unknown }>();
  if (ticketIds.length === 0) return computed;
  const result = await tx.execute<TicketRow & { sla_source: SlaSource; extra?: unknown }>(sql`
    select ${TICKET_COLUMNS}, ${SLA_SOURCE} as sla_source${extra ? sql`, ${extra} as extra` : sql``}
      from tickets_v t left join ticket_categories_v c on c.id = t.category_id
     where t.id = any(${idArray(ticketIds)})`);
  const rows = result.rows;
  if (rows.length === 0) return computed;
  const loaded = policies ?? (await policiesOf(tx, (rows[0] as { sla_source: SlaSource }).sla_source));
  const rules = loaded.map((p) => p.rule);
  for (const row of rows) {
    const source = row.sla_source;
    const ticket = toFacts(row, source.events, source.chosen_policy_id ?? null);
    computed.set(ticket.id, {
      facts: ticket,
      computation: computeClocks(ticket.history, rules, now),
      handoffs: source.handoffs.map(toHandoff),
      ...(extra ? { extra: row.extra } : {}),
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
      (select count(*) || ':' || coalesce(max(updated_at)::text, '') || ':' || coalesce(sum(xmin::text::bigint), 0)
         from sla_policies) || '/' ||
      (select count(*) || ':' || coalesce(max(updated_at)::text, '') || ':' || coalesce(sum(xmin::text::bigint), 0)
         from sla_calendars),
    'chosen_policy_id', ${CHOSEN_POLICY})`;

/** The policies in force, kept between reads while the policy and calendar tables do not change. */
let cachedPolicies: { version: string; policies: LoadedPolicy[] } | null = null;

/** The policies in force as of a read that carried their version stamp (`SLA_SOURCE`). */
async function policiesOf(tx: Queryable, source: SlaSource): Promise<LoadedPolicy[]> {
  if (cachedPolicies?.version !== source.policy_version) {
    cachedPolicies = { version: source.policy_version, policies: await loadPolicies(tx) };
  }
  return cachedPolicies.policies;
}

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
  const facts = toFacts(row, source.events, source.chosen_policy_id ?? null);
  const rules = (await policiesOf(tx, source)).map((p) => p.rule);
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
