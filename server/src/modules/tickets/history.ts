import { type SQL, sql } from 'drizzle-orm';
import type { EventData, EventKind } from '../../../../contracts/events.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { idArray } from '../../platform/db/id-array.ts';

/*
 * A ticket's history is its audit events (contracts/events.ts). Other modules read it here,
 * typed by kind, instead of spelling JSON paths into the events' data themselves: a key renamed
 * where an event is written (update-ticket.ts) then fails the type check of every reader.
 *
 * Two ways to read it:
 * - `ticketHistory()`: the events themselves, typed by kind, for code that works in TypeScript;
 * - `historyField()` / `historyKinds()`: SQL over the audit events aliased `e`, for set-based
 *   SQL (report facts) and for reads that must stay one statement (the ticket read's SLA
 *   inputs). Each path is checked against the kind's data type.
 */

type Key<T> = Extract<keyof T, string>;
type Depth = [never, 0, 1, 2, 3, 4];
/** Every path into a data type, as a tuple of keys: `['changes', 'category', 'from', 'name']`. */
export type DataPath<T, D extends number = 5> = [D] extends [never]
  ? never
  : T extends readonly unknown[]
    ? never
    : T extends object
      ? { [K in Key<T>]-?: [K] | [K, ...DataPath<NonNullable<T[K]>, Depth[D]>] }[Key<T>]
      : never;

/** One audit event of a ticket, its data typed by its kind. */
export type TicketEvent<K extends EventKind = EventKind> = K extends EventKind
  ? {
      id: number;
      ticketId: number;
      kind: K;
      /** The version of the kind's schema the event was written with. */
      v: number;
      at: Date;
      actorId: number | null;
      data: EventData<K>;
    }
  : never;

interface HistoryRow extends Record<string, unknown> {
  id: number | string;
  ticket_id: number | string;
  kind: string;
  v: number;
  at: Date | string;
  actor_id: number | string | null;
  data: unknown;
}

/**
 * The audit events of some tickets, of the given kinds (all kinds without), in the order they
 * happened, each ticket's events together.
 */
export async function ticketHistory<K extends EventKind>(
  tx: Queryable,
  ticketIds: readonly number[],
  kinds?: readonly K[],
): Promise<TicketEvent<K>[]> {
  if (ticketIds.length === 0 || kinds?.length === 0) return [];
  const filter = kinds ? sql` and e.kind = any(${sql.param([...kinds])}::text[])` : sql``;
  const result = await tx.execute<HistoryRow>(sql`
    select e.id, e.ticket_id, e.kind, e.v, e.at, e.actor_id, e.data from audit_events_v e
     where e.ticket_id = any(${idArray(ticketIds)})${filter}
     order by e.ticket_id, e.at, e.id`);
  return result.rows.map(
    (row) =>
      ({
        id: Number(row.id),
        ticketId: Number(row.ticket_id),
        kind: row.kind,
        v: Number(row.v),
        at: row.at instanceof Date ? row.at : new Date(row.at),
        actorId: row.actor_id === null ? null : Number(row.actor_id),
        // The log holds what recordEvent checked against the kind's schema.
        data: row.data,
      }) as TicketEvent<K>,
  );
}

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** `(e.kind = 'ticket.updated' or e.kind = 'message.created')`: events of these kinds. */
export function historyKinds(...kinds: readonly EventKind[]): SQL {
  return sql.raw(`(${kinds.map((kind) => `e.kind = ${literal(kind)}`).join(' or ')})`);
}

/**
 * One field of the data of an event of `kind` (the audit event aliased `e`), as text
 * (`e.data #>> '{changes,status,to}'`), or as JSON with `{ json: true }` (`#>`). The caller
 * filters the events to that kind: the path is checked against its data type, not its rows.
 */
export function historyField<K extends EventKind>(
  _kind: K,
  path: DataPath<EventData<K>>,
  options: { json?: boolean } = {},
): SQL {
  const keys = (path as readonly string[]).map((key) => key.replace(/[{},"\\\s]/g, ''));
  return sql.raw(`(e.data ${options.json ? '#>' : '#>>'} ${literal(`{${keys.join(',')}}`)})`);
}
