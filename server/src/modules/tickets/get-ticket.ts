import { sql } from 'drizzle-orm';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { idArray } from '../../platform/db/id-array.ts';
import { executePrepared } from '../../platform/db/prepared.ts';
import { type Actor, isStaff } from '../identity/index.ts';
import { type TicketAssetPort, ticketAssetPort } from './asset-links.ts';
import { presentTicket, TICKET_JOINS, type TicketRow, ticketColumns } from './presenter.ts';
import { type TicketSlaSection, ticketSlaSection } from './sla-section.ts';
import { ticketNotFound, visibleTo } from './visibility.ts';

// One statement (the links and the SLA clocks' inputs folded in as JSON): a ticket read is
// one round trip. The SLA module contributes its column through the section port
// (sla-section.ts), so the statement is built once the registry has plugged it in.
const selectTicket = (
  section: TicketSlaSection | null,
  assets: TicketAssetPort | null,
) => sql`select ${sql.raw(ticketColumns(true))}, coalesce((
    select json_agg(l order by l.id) from (
      select l.id, l.kind, 'outgoing' as direction, o.id as other_id, o.number as other_number,
             o.subject as other_subject, o.status as other_status
        from ticket_links l join tickets o on o.id = l.to_ticket_id where l.from_ticket_id = t.id
      union all
      select l.id, l.kind, 'incoming', o.id, o.number, o.subject, o.status
        from ticket_links l join tickets o on o.id = l.from_ticket_id where l.to_ticket_id = t.id) l
  ), '[]') as links, ${section ? section.column : sql`null`} as sla_source,
  ${assets ? assets.column : sql`'[]'::json`} as assets
  from ${sql.raw(TICKET_JOINS)}`;

let built: {
  section: TicketSlaSection | null;
  assets: TicketAssetPort | null;
  query: ReturnType<typeof selectTicket>;
} | null = null;

function ticketSelect() {
  const section = ticketSlaSection();
  const assets = ticketAssetPort();
  if (built?.section !== section || built.assets !== assets)
    built = { section, assets, query: selectTicket(section, assets) };
  return built.query;
}

interface LinkJson {
  id: number;
  kind: TicketDto['links'][number]['kind'];
  direction: 'outgoing' | 'incoming';
  other_id: number;
  other_number: number;
  other_subject: string;
  other_status: TicketDto['status'];
}

export async function getTicket(options: {
  tx: Queryable;
  actor: Actor;
  ticketId: number;
}): Promise<TicketDto> {
  const { tx, actor, ticketId } = options;
  const [row] = await executePrepared<TicketReadRow>(
    tx,
    sql`${ticketSelect()} where t.id = ${ticketId} and ${visibleTo(actor)}`,
  );
  if (!row) throw ticketNotFound();
  if (!isStaff(actor) && row.links.length) row.links = await linksVisibleTo(tx, actor, row.links);
  return forReader(actor, await presentRead(tx, row));
}

/** Tags are the desk's own labels (issue 13), linked assets the desk's records (issue 14): requesters see neither. */
export function forReader<T extends { tags: string[]; assets?: TicketDto['assets'] }>(
  actor: Actor,
  ticket: T,
): T {
  if (isStaff(actor)) return ticket;
  return 'assets' in ticket ? { ...ticket, tags: [], assets: [] } : { ...ticket, tags: [] };
}

/**
 * A requester sees a link only to a ticket they may see themselves: a ticket marked a
 * duplicate of someone else's does not show them the other's subject and status.
 */
async function linksVisibleTo(tx: Queryable, actor: Actor, links: LinkJson[]): Promise<LinkJson[]> {
  const visible = await tx.execute<{ id: number }>(
    sql`select t.id from tickets t where t.id = any(${idArray(links.map((l) => l.other_id))}) and ${visibleTo(actor)}`,
  );
  const ids = new Set(visible.rows.map((r) => Number(r.id)));
  return links.filter((l) => ids.has(Number(l.other_id)));
}

/**
 * Tickets their creators have just opened (in `ids` order), in one statement: whoever opened
 * a ticket may see it, so no visibility filter applies.
 */
export async function getOpenedTickets(tx: Queryable, ids: readonly number[]): Promise<TicketDto[]> {
  const rows = await executePrepared<TicketReadRow>(
    tx,
    sql`${ticketSelect()} where t.id = any(${idArray(ids)})`,
  );
  const byId = new Map(rows.map((row) => [Number(row.id), row]));
  const tickets: TicketDto[] = [];
  for (const id of ids) {
    const row = byId.get(id);
    if (!row) throw ticketNotFound();
    tickets.push(await presentRead(tx, row));
  }
  return tickets;
}

type TicketReadRow = TicketRow & {
  links: LinkJson[];
  sla_source: unknown;
  assets: NonNullable<TicketDto['assets']>;
};

async function presentRead(tx: Queryable, row: TicketReadRow): Promise<TicketDto> {
  const ticket = presentTicket(
    row,
    row.links.map((l) => ({
      id: l.id,
      kind: l.kind,
      direction: l.direction,
      ticket: { id: l.other_id, number: l.other_number, subject: l.other_subject, status: l.other_status },
    })),
  );
  const section = ticketSlaSection();
  return {
    ...ticket,
    sla: section ? await section.present(tx, row) : null,
    assets: row.assets.map((a) => ({
      id: Number(a.id),
      name: a.name,
      type: a.type,
      criticality: a.criticality,
    })),
  };
}

/** Checks that the actor may see the ticket, and returns its status and requester. */
export async function assertTicketVisible(
  tx: Queryable,
  actor: Actor,
  ticketId: number,
  options: { forUpdate?: boolean } = {},
): Promise<{ id: number; status: TicketDto['status']; requesterId: number }> {
  const lock = options.forUpdate ? sql` for update of t` : sql``;
  const [row] = await executePrepared<{ id: number; status: TicketDto['status']; requester_id: number }>(
    tx,
    sql`select t.id, t.status, t.requester_id from tickets t where t.id = ${ticketId} and ${visibleTo(actor)}${lock}`,
  );
  if (!row) throw ticketNotFound();
  return { id: row.id, status: row.status, requesterId: row.requester_id };
}
