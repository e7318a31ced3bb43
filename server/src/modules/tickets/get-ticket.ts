import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import { isTransaction, type Queryable, readWithCommit } from '../../platform/db/database.ts';
import { idArray, idArrayLiteral } from '../../platform/db/id-array.ts';
import { executePrepared } from '../../platform/db/prepared.ts';
import { FAST_TIMESTAMPTZ_TYPES } from '../../platform/db/timestamptz.ts';
import { type Actor, isStaff } from '../identity/index.ts';
import { type TicketAssetPort, ticketAssetPort } from './asset-links.ts';
import { presentTicket, TICKET_JOINS, type TicketRow, ticketColumns } from './presenter.ts';
import { type TicketProblemSection, ticketProblemSection } from './problem-section.ts';
import { type TicketSlaSection, ticketSlaSection } from './sla-section.ts';
import { ticketNotFound, visibleTo } from './visibility.ts';

// One statement (the links and the SLA clocks' inputs folded in as JSON): a ticket read is
// one round trip. The SLA module contributes its column through the section port
// (sla-section.ts), so the statement is built once the registry has plugged it in.
const selectTicket = (
  section: TicketSlaSection | null,
  assets: TicketAssetPort | null,
  problem: TicketProblemSection | null,
) => sql`select ${sql.raw(ticketColumns(true))}, coalesce((
    select json_agg(l order by l.id) from (
      select l.id, l.kind, 'outgoing' as direction, o.id as other_id, o.number as other_number,
             o.subject as other_subject, o.status as other_status
        from ticket_links l join tickets o on o.id = l.to_ticket_id where l.from_ticket_id = t.id
      union all
      select l.id, l.kind, 'incoming', o.id, o.number, o.subject, o.status
        from ticket_links l join tickets o on o.id = l.from_ticket_id where l.to_ticket_id = t.id) l
  ), '[]') as links, ${section ? section.column : sql`null`} as sla_source,
  ${assets ? assets.column : sql`'[]'::json`} as assets,
  ${problem ? problem.column : sql`null::json`} as problem
  from ${sql.raw(TICKET_JOINS)}`;

let built: {
  section: TicketSlaSection | null;
  assets: TicketAssetPort | null;
  problem: TicketProblemSection | null;
  query: ReturnType<typeof selectTicket>;
  batch: BatchStatement;
} | null = null;

/**
 * The staff's batched read as PostgreSQL text, rendered once: the ids are its last parameter
 * (`t.id = any($n::bigint[])`), sent as a named prepared statement straight to the pool, so a
 * batch costs no query building (issue 18).
 */
interface BatchStatement {
  name: string;
  text: string;
  params: unknown[];
  idsAt: number;
}

const IDS = Symbol('ticket ids');
let batchVersion = 0;

function ticketSelect() {
  const section = ticketSlaSection();
  const assets = ticketAssetPort();
  const problem = ticketProblemSection();
  if (built?.section !== section || built.assets !== assets || built.problem !== problem) {
    const query = selectTicket(section, assets, problem);
    built = { section, assets, problem, query, batch: batchStatement(query) };
  }
  return built.query;
}

function batchStatement(select: ReturnType<typeof selectTicket>): BatchStatement {
  const { sql: text, params } = new PgDialect().sqlToQuery(
    sql`${select} where t.id = any(${IDS as unknown as string}::bigint[])`,
  );
  batchVersion++;
  return { name: `ticket_read_batch_${batchVersion}`, text, params, idsAt: params.indexOf(IDS) };
}

function ticketBatch(): BatchStatement {
  ticketSelect();
  return (built as NonNullable<typeof built>).batch;
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
  // A member of staff may see every ticket (`visibleTo` is true for them), so their reads
  // outside a transaction can share one statement; anyone else's read carries their filter.
  const row =
    isStaff(actor) && !isTransaction(tx)
      ? await batchedReads(tx).read(ticketId)
      : (
          await executePrepared<TicketReadRow>(
            tx,
            sql`${ticketSelect()} where t.id = ${ticketId} and ${visibleTo(actor)}`,
          )
        )[0];
  if (!row) throw ticketNotFound();
  if (!isStaff(actor) && row.links.length) row.links = await linksVisibleTo(tx, actor, row.links);
  return forReader(actor, await presentRead(tx, row));
}

/**
 * Ticket reads of staff, grouped: a read that arrives while a statement is running waits for
 * the next one, which fetches every waiting ticket at once (`t.id = any(...)`, the same
 * columns). A lone read is sent at once, so a quiet desk waits for nothing; under load, one
 * round trip to PostgreSQL serves many requests (issue 18, docs/performance.md). A second
 * statement runs beside the first only once SECOND_AFTER reads wait (PostgreSQL slower than
 * the reads arrive, e.g. short of a core): below that, the reads wait for the first one to
 * come back and share a larger batch, each round trip's cost (Node's socket write and the
 * result's description, PostgreSQL's bind and send) spread over more reads. Each statement
 * starts after every read in it arrived, so a read still sees everything committed before it
 * was asked.
 */
export class TicketReadBatcher {
  static readonly MAX_IN_FLIGHT = 2;
  static readonly SECOND_AFTER = 8;
  static readonly MAX_BATCH = 64;
  readonly #db: Queryable;
  #waiting: {
    id: number;
    resolve: (row: TicketReadRow | undefined) => void;
    reject: (e: unknown) => void;
  }[] = [];
  #inFlight = 0;

  constructor(db: Queryable) {
    this.#db = db;
  }

  read(ticketId: number): Promise<TicketReadRow | undefined> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ id: ticketId, resolve, reject });
      this.#send();
    });
  }

  #send(): void {
    while (
      this.#waiting.length > (this.#inFlight === 0 ? 0 : TicketReadBatcher.SECOND_AFTER - 1) &&
      this.#inFlight < TicketReadBatcher.MAX_IN_FLIGHT
    ) {
      const batch = this.#waiting.splice(0, TicketReadBatcher.MAX_BATCH);
      this.#inFlight++;
      const ids = [...new Set(batch.map((b) => b.id))];
      this.#fetch(ids)
        .then(
          (rows) => {
            const byId = new Map(rows.map((row) => [Number(row.id), row]));
            // Each reader gets a row of its own: two reads of one ticket get two copies.
            const given = new Set<number>();
            for (const b of batch) {
              const row = byId.get(b.id);
              b.resolve(row && given.has(b.id) ? structuredClone(row) : row);
              given.add(b.id);
            }
          },
          (error: unknown) => {
            for (const b of batch) b.reject(error);
          },
        )
        .finally(() => {
          this.#inFlight--;
          this.#send();
        });
    }
  }

  async #fetch(ids: number[]): Promise<TicketReadRow[]> {
    const pool = (this.#db as { $client?: pg.Pool }).$client;
    if (!pool?.query) {
      return executePrepared<TicketReadRow>(
        this.#db,
        sql`${ticketSelect()} where t.id = any(${idArray(ids)})`,
      );
    }
    const statement = ticketBatch();
    const values = [...statement.params];
    values[statement.idsAt] = idArrayLiteral(ids);
    // The row's timestamps by a faster parser of the same Dates (issue 18).
    const result = await pool.query<TicketReadRow>({
      name: statement.name,
      text: statement.text,
      values,
      types: FAST_TIMESTAMPTZ_TYPES,
    });
    return result.rows;
  }
}

const batchers = new WeakMap<object, TicketReadBatcher>();

function batchedReads(db: Queryable): TicketReadBatcher {
  let batcher = batchers.get(db);
  if (!batcher) {
    batcher = new TicketReadBatcher(db);
    batchers.set(db, batcher);
  }
  return batcher;
}

/**
 * Tags are the desk's own labels (issue 13), linked assets and the problem the desk's records
 * (issue 14): requesters see none of them.
 */
export function forReader<
  T extends { tags: string[]; assets?: TicketDto['assets']; problem?: TicketDto['problem'] },
>(actor: Actor, ticket: T): T {
  if (isStaff(actor)) return ticket;
  const hidden = 'assets' in ticket ? { ...ticket, tags: [], assets: [] } : { ...ticket, tags: [] };
  return 'problem' in hidden ? { ...hidden, problem: null } : hidden;
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
  return presentOpened(tx, ids, await executePrepared<TicketReadRow>(tx, openedTicketsQuery(ids)));
}

/**
 * `getOpenedTickets` as answers to give once `tx` has committed. With `afterCommit` (what
 * presenting them reads then: the SLA section may read its policies) the statement goes with
 * the COMMIT where it can (`readWithCommit`: the intake's transaction, one round trip fewer);
 * otherwise it is read in the transaction now.
 */
export async function openedTicketsAnswers(
  tx: Queryable,
  ids: readonly number[],
  afterCommit?: Queryable,
): Promise<() => Promise<TicketDto[]>> {
  const rows = afterCommit && readWithCommit<TicketReadRow>(tx, openedTicketsQuery(ids));
  if (afterCommit && rows) return async () => presentOpened(afterCommit, ids, await rows);
  const now = await getOpenedTickets(tx, ids);
  return async () => now;
}

const openedTicketsQuery = (ids: readonly number[]) =>
  sql`${ticketSelect()} where t.id = any(${idArray(ids)})`;

async function presentOpened(
  q: Queryable,
  ids: readonly number[],
  rows: readonly TicketReadRow[],
): Promise<TicketDto[]> {
  const byId = new Map(rows.map((row) => [Number(row.id), row]));
  const tickets: TicketDto[] = [];
  for (const id of ids) {
    const row = byId.get(id);
    if (!row) throw ticketNotFound();
    tickets.push(await presentRead(q, row));
  }
  return tickets;
}

type TicketReadRow = TicketRow & {
  links: LinkJson[];
  sla_source: unknown;
  assets: NonNullable<TicketDto['assets']>;
  problem: { id: number; title: string; status: string } | null;
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
    problem: row.problem
      ? {
          id: Number(row.problem.id),
          title: row.problem.title,
          status: row.problem.status as NonNullable<TicketDto['problem']>['status'],
        }
      : null,
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
