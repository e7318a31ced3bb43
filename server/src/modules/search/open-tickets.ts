import { type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database.ts';
import { executePrepared } from '../../platform/db/prepared.ts';
import { quoteLexeme } from './documents.ts';
import { anyOfQuery, type Concept, RANKING, type WeightedConcept } from './ranking.ts';
import { corpusStats, weighConcepts } from './search-engine.ts';

/**
 * Possible duplicates' first stage without a candidate query (issue 16, fourth round): the open
 * tickets filed since a moment (the duplicate window: about 10,000 at 1M tickets) are kept in
 * this process as term vectors with an inverted index, brought up to date on every read by the
 * index rows written since the last read (`search_documents.indexed_at`, its own index), and
 * ranked here by the same BM25F as `rankDocuments` — every ticket of the window that shares a
 * word, not the newest 5,000 of it. The requester's older open tickets (newest 200) and the
 * ticket itself come from the database, by index, each read.
 */

/** One ticket's index entry: field-weighted term frequencies (A 2.5, B 1, C 1, D 0.5 per position). */
export interface TicketVector {
  slot: number;
  documentId: number;
  sourceId: number;
  number: number | null;
  status: string;
  ownerId: number | null;
  createdAt: number;
  length: number;
  tf: Map<string, number>;
}

interface WindowIndex {
  /** Tickets filed from this instant on are held (open ones). */
  since: number;
  /**
   * The earliest window asked for that this index serves: `since` itself, unless the window held
   * more than `windowCap` tickets and its oldest were let go (then `since` moved forward).
   */
  serves: number;
  statuses: string;
  /** Index rows written at or after this instant may not have been read yet. */
  watermark: string;
  tickets: Map<number, TicketVector>;
  /** Tickets by slot (dense numbers, reused), and per term the slots that have it with its frequency. */
  slots: (TicketVector | undefined)[];
  /** Each slot's ticket length (read per posting without the object). */
  lengths: number[];
  free: number[];
  postings: Map<string, { slots: number[]; tfs: number[] }>;
}

/** One index per database (tests run many databases in one process), and per list of open statuses. */
const windows = new Map<string, WindowIndex>();

/** Most of the requester's open tickets filed before the window taken as candidates. */
const REQUESTER_OLDER = 200;

/**
 * Most tickets a window holds (about 2.3 KB each: 115 MB at the cap). A storm that files more in
 * the look-back keeps the newest; the older ones of the window are no longer candidates, except the
 * requester's own, which are read from the database with each ranking. Tests lower it.
 */
let windowCap = 50_000;
/** Tickets let go at once when the cap is passed, so that the oldest are sorted out rarely. */
const CAP_SLACK = 0.1;

/** Sets the most tickets a window holds (tests); returns the previous cap. */
export function setOpenTicketWindowCap(cap: number): number {
  const previous = windowCap;
  windowCap = cap;
  return previous;
}

/** How many times a window was loaded whole (a full read of the look-back), for tests and metrics. */
let windowLoads = 0;

/** The windows held: tickets, the instant they reach back to, and full loads so far. */
export function openTicketWindowStats(): { windows: { tickets: number; since: Date }[]; loads: number } {
  return {
    windows: [...windows.values()].map((w) => ({ tickets: w.tickets.size, since: new Date(w.since) })),
    loads: windowLoads,
  };
}

export interface RankedOpenTicket {
  sourceId: number;
  number: number | null;
  status: string;
  createdAt: Date;
  score: number;
}

export interface OpenTicketsQuery {
  concepts: Concept[];
  /** The ticket whose duplicates are looked for: never a candidate, and its own score is returned. */
  ticketId: number;
  /** The window: open tickets filed since then, and the requester's older open tickets. */
  since: Date;
  requesterId: number;
  /** The statuses that count as open. */
  openStatuses: readonly string[];
  /** Who may see what: only this requester's tickets, or (null) every ticket (staff). */
  visibleOwner: number | null;
  limit: number;
  /** The document frequencies of the concepts' terms when the caller has just read them (`describingTerms`). */
  frequencies?: ReadonlyMap<string, number>;
}

/** What the window's read depends on: not the concepts (so it can run beside their look-up). */
export type OpenTicketsScope = Pick<OpenTicketsQuery, 'ticketId' | 'since' | 'requesterId' | 'openStatuses'>;

/** The window brought up to date, with the requester's older open tickets and the ticket itself. */
export interface OpenTicketsRead {
  window: WindowIndex;
  extra: TicketVector[];
}

/**
 * Brings this database's window up to date and reads the requester's older open tickets and the
 * ticket's own vector (one statement): for a caller that starts it beside its other reads (outside
 * a transaction) and hands it to `rankOpenTickets` as `read`.
 */
export function readOpenTickets(tx: Queryable, scope: OpenTicketsScope): Promise<OpenTicketsRead> {
  return currentWindow(tx, scope);
}

/**
 * The open tickets of the window and of the requester that best match the concepts (BM25F,
 * best first, ties by index row), and the ticket's score against its own text.
 */
export async function rankOpenTickets(
  tx: Queryable,
  query: OpenTicketsQuery,
  /** The window's read, started by the caller (`readOpenTickets` with the same scope). */
  read?: Promise<OpenTicketsRead>,
): Promise<{ selfScore: number; items: RankedOpenTicket[] }> {
  const stats = await corpusStats(tx, 'ticket');
  const weighted = await weighConcepts(tx, 'ticket', query.concepts, stats.documents, query.frequencies);
  if (stats.documents === 0 || !weighted.length) {
    await read;
    return { selfScore: 0, items: [] };
  }
  const { window, extra: older } = await (read ?? currentWindow(tx, query));
  const since = query.since.getTime();
  const open = new Set(query.openStatuses);
  const self = older.find((v) => v.sourceId === query.ticketId) ?? window.tickets.get(query.ticketId);
  const visible = (v: TicketVector) =>
    v.sourceId !== query.ticketId &&
    open.has(v.status) &&
    (query.visibleOwner === null || v.ownerId === query.visibleOwner);
  const { k1, b } = RANKING.ticket;
  const norm = (length: number) => k1 * (1 - b + (b * length) / stats.averageLength);
  // BM25F over the window's postings, one dense array of scores by slot (no object per posting).
  const scores = new Float64Array(window.slots.length);
  const touched: number[] = [];
  for (const concept of weighted) {
    const weight = concept.idf * concept.boost * (k1 + 1);
    let list = window.postings.get(concept.terms[0] ?? '');
    if (concept.terms.length > 1) {
      // Synonyms: their frequencies are summed before saturation.
      const summed = new Map<number, number>();
      for (const term of concept.terms) {
        const p = window.postings.get(term);
        if (!p) continue;
        for (let i = 0; i < p.slots.length; i++) {
          const slot = p.slots[i] as number;
          summed.set(slot, (summed.get(slot) ?? 0) + (p.tfs[i] as number));
        }
      }
      list = { slots: [...summed.keys()], tfs: [...summed.values()] };
    }
    if (!list) continue;
    const { slots, tfs } = list;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i] as number;
      const tf = tfs[i] as number;
      if (scores[slot] === 0) touched.push(slot);
      scores[slot] = (scores[slot] as number) + (weight * tf) / (tf + norm(window.lengths[slot] as number));
    }
  }
  const score = (v: TicketVector) => scoreVector(weighted, v, stats.averageLength);
  // The best `limit` of the window (ties by index row, as the SQL ranking): a bounded heap whose
  // root is the worst kept. The window holds open tickets only; those filed before `since` count
  // when they are the requester's.
  const { ticketId, visibleOwner, requesterId, limit } = query;
  const heap: { v: TicketVector; score: number }[] = [];
  const worse = (x: { v: TicketVector; score: number }, y: { v: TicketVector; score: number }) =>
    x.score < y.score || (x.score === y.score && x.v.documentId > y.v.documentId);
  const sift = (from: number) => {
    let i = from;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && worse(heap[l] as (typeof heap)[0], heap[m] as (typeof heap)[0])) m = l;
      if (r < heap.length && worse(heap[r] as (typeof heap)[0], heap[m] as (typeof heap)[0])) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m] as (typeof heap)[0], heap[i] as (typeof heap)[0]];
      i = m;
    }
  };
  for (const slot of touched) {
    const v = window.slots[slot];
    if (
      v === undefined ||
      v.sourceId === ticketId ||
      (visibleOwner !== null && v.ownerId !== visibleOwner) ||
      (v.createdAt < since && v.ownerId !== requesterId)
    )
      continue;
    const value = scores[slot] as number;
    // Most of the window's matches are worse than the worst kept: no entry is made for them.
    const root = heap[0];
    if (
      heap.length >= limit &&
      (root === undefined ||
        value < root.score ||
        (value === root.score && v.documentId >= root.v.documentId))
    )
      continue;
    const entry = { v, score: value };
    if (heap.length < limit) {
      heap.push(entry);
      // Rising to its place: the root stays the worst kept.
      let i = heap.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!worse(heap[i] as typeof entry, heap[parent] as typeof entry)) break;
        [heap[i], heap[parent]] = [heap[parent] as typeof entry, heap[i] as typeof entry];
        i = parent;
      }
    } else if (limit > 0 && worse(heap[0] as typeof entry, entry)) {
      heap[0] = entry;
      sift(0);
    }
  }
  const scored = heap;
  const seen = new Set(scored.map((x) => x.v.sourceId));
  for (const v of older) {
    if (seen.has(v.sourceId) || !visible(v)) continue;
    const s = score(v);
    if (s > 0) scored.push({ v, score: s });
  }
  scored.sort((x, y) => y.score - x.score || x.v.documentId - y.v.documentId);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    selfScore: self ? round(score(self)) : 0,
    items: scored.slice(0, query.limit).map(({ v, score }) => ({
      sourceId: v.sourceId,
      number: v.number,
      status: v.status,
      createdAt: new Date(v.createdAt),
      score: round(score),
    })),
  };
}

/** Forgets every window (tests; a reindex needs nothing: every rewritten row is read at the next read). */
export function forgetOpenTicketWindows(): void {
  windows.clear();
}

const { A, B, C, D } = RANKING.ticket.weights;
/**
 * The term vector as PostgreSQL prints it (`'lexeme':1A,5 'other':2B`), weighed in this process:
 * unnesting it in SQL (a lateral aggregate per document) cost the window's statement a third of
 * its planning and most of the first load's execution (issue 16, sixth round).
 */
const VECTOR_COLUMNS = sql.raw(
  'd.id, d.source_id, d.number, d.status, d.owner_id, d.created_at, d.length, d.terms::text as terms',
);

type VectorRow = {
  id: number;
  source_id: number;
  number: number | null;
  status: string;
  owner_id: number | null;
  created_at: string | Date;
  length: number;
  terms: string;
};

const QUOTE = 39;
const BACKSLASH = 92;
const COLON = 58;
const COMMA = 44;
const SPACE = 32;

/**
 * Each lexeme of a tsvector's text form with its positions weighed by field (A 2.5, B 1, C 1,
 * D 0.5 each, as `rankDocuments` counts them; a lexeme without positions weighs 0). In the text
 * form a lexeme is quoted, a quote in it doubled and a backslash escaped; each position is a
 * number followed by its weight's letter, none for D.
 */
export function weighTermVector(text: string): Map<string, number> {
  const tf = new Map<string, number>();
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && text.charCodeAt(i) === SPACE) i++;
    if (i >= n) break;
    if (text.charCodeAt(i) === QUOTE) i++;
    let lexeme = '';
    let start = i;
    while (i < n) {
      const ch = text.charCodeAt(i);
      if (ch === QUOTE) {
        lexeme += text.slice(start, i);
        if (text.charCodeAt(i + 1) === QUOTE) {
          lexeme += "'";
          i += 2;
          start = i;
          continue;
        }
        i++;
        start = -1;
        break;
      }
      if (ch === BACKSLASH) {
        lexeme += text.slice(start, i) + text.charAt(i + 1);
        i += 2;
        start = i;
        continue;
      }
      i++;
    }
    if (start >= 0) lexeme += text.slice(start, i);
    let sum = 0;
    if (text.charCodeAt(i) === COLON) {
      i++;
      while (i < n && text.charCodeAt(i) !== SPACE) {
        while (i < n && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
        const letter = text.charCodeAt(i);
        if (letter === 65) sum += A;
        else if (letter === 66) sum += B;
        else if (letter === 67) sum += C;
        else sum += D;
        if (letter === 65 || letter === 66 || letter === 67 || letter === 68) i++;
        if (text.charCodeAt(i) === COMMA) i++;
        else if (i < n && text.charCodeAt(i) !== SPACE) i++;
      }
    }
    tf.set(lexeme, sum);
  }
  return tf;
}

/**
 * A ticket's BM25F score for the concepts from its term vector: the sum `rankDocuments` makes in
 * SQL (each concept's terms' frequencies summed before saturation, weighed by its IDF and boost).
 */
export function scoreVector(
  weighted: readonly WeightedConcept[],
  v: Pick<TicketVector, 'tf' | 'length'>,
  averageLength: number,
): number {
  const { k1, b } = RANKING.ticket;
  const norm = k1 * (1 - b + (b * v.length) / averageLength);
  let sum = 0;
  for (const concept of weighted) {
    let tf = 0;
    for (const term of concept.terms) tf += v.tf.get(term) ?? 0;
    if (tf > 0) sum += (concept.idf * concept.boost * tf * (k1 + 1)) / (tf + norm);
  }
  return sum;
}

/**
 * The term vectors of the tickets holding any of the concepts' terms and meeting `filter` (a condition on
 * `search_documents d`), at most `limit` of them (the index's GIN look-up: terms few tickets hold
 * are cheap), for scoring in this process by `scoreVector`. The terms are a value the planner does
 * not estimate (a sub-select): for a query of dozens of numbers it has no statistics for, it
 * estimated a quarter of the tickets and read every one (102 ms, against 0.3 by the index, on 36,000).
 */
export function ticketVectorsHolding(
  tx: Queryable,
  holding: readonly Concept[],
  filter: SQL,
  limit: number,
): Promise<Pick<TicketVector, 'sourceId' | 'tf' | 'length'>[]> {
  if (!holding.some((c) => c.terms.length)) return Promise.resolve([]);
  return readVectors(
    tx,
    sql`select ${VECTOR_COLUMNS} from search_documents d
         where d.source = 'ticket' and d.terms @@ (select ${anyOfQuery(holding, quoteLexeme)}::tsquery)
           and ${filter}
         limit ${limit}`,
  );
}

/** The term vectors of the given tickets (those indexed), by their key. */
export function ticketVectorsOf(
  tx: Queryable,
  ticketIds: readonly number[],
): Promise<Pick<TicketVector, 'sourceId' | 'tf' | 'length'>[]> {
  if (!ticketIds.length) return Promise.resolve([]);
  return readVectors(
    tx,
    sql`select ${VECTOR_COLUMNS} from search_documents d
         where d.source = 'ticket' and d.source_id = any(${sql.param([...ticketIds])}::bigint[])`,
    { prepared: true },
  );
}

/** `prepared`: a statement whose plan its values cannot change (a read by key), planned once. */
async function readVectors(
  tx: Queryable,
  query: ReturnType<typeof sql>,
  options: { prepared?: boolean } = {},
): Promise<TicketVector[]> {
  const rows = options.prepared
    ? await executePrepared<VectorRow>(tx, query)
    : (await tx.execute<VectorRow>(query)).rows;
  return toVectors(rows);
}

function toVectors(rows: readonly VectorRow[]): TicketVector[] {
  return rows.map((r) => {
    const tf = weighTermVector(r.terms);
    return {
      slot: -1,
      documentId: Number(r.id),
      sourceId: Number(r.source_id),
      number: r.number === null ? null : Number(r.number),
      status: r.status,
      ownerId: r.owner_id === null ? null : Number(r.owner_id),
      createdAt: (r.created_at instanceof Date ? r.created_at : new Date(r.created_at)).getTime(),
      length: Number(r.length),
      tf,
    };
  });
}

/**
 * The database whose window was read last: its window is brought up to date in the same statement.
 * Only rows filed within the window are read (a ticket's filing time does not change); after a
 * full reindex, which rewrites every row, the next read walks the whole `indexed_at` index once.
 */
let lastDatabase: string | null = null;

const META = sql.raw(`select current_database() as database,
  least(now(), coalesce((select min(xact_start) from pg_stat_activity
                          where datname = current_database() and backend_type = 'client backend'), now()))::text
    as watermark`);

/**
 * This database's window index, loaded on first use (or when the window reaches further back
 * than the one held), else brought up to date with the index rows written since the last read;
 * and in the same statement the requester's open tickets filed before the window (newest
 * `REQUESTER_OLDER`) and the ticket itself (`extra`). The watermark is the start of the oldest
 * transaction still running (or now): a row written by a transaction that commits later carries
 * that transaction's start as `indexed_at`, so it is at or after the watermark and read next time.
 */
async function currentWindow(tx: Queryable, query: OpenTicketsScope): Promise<OpenTicketsRead> {
  const { since, openStatuses: statuses } = query;
  const keyOf = (database: string) => `${database}\u0000${statuses.join(',')}`;
  const held = lastDatabase === null ? undefined : windows.get(keyOf(lastDatabase));
  const current = held && since.getTime() >= held.serves ? held : undefined;
  // A little further back than asked, so that a window moving forward keeps being held.
  const from = current ? current.since : since.getTime() - 3_600_000;
  const changed = current
    ? sql`select 'changed' as kind, ${VECTOR_COLUMNS} from search_documents d
           where d.source = 'ticket' and d.indexed_at >= ${current.watermark}::timestamptz
             and d.created_at >= ${new Date(current.since).toISOString()}::timestamptz
             and m.database = ${lastDatabase}`
    : sql`select 'changed' as kind, ${VECTOR_COLUMNS} from search_documents d where false`;
  const result = await tx.execute<
    VectorRow & { kind: string | null; database: string; watermark: string }
  >(sql`
    with m as (${META})
    select m.database, m.watermark, r.* from m left join lateral (
      ${changed}
      union all
      (select 'extra' as kind, ${VECTOR_COLUMNS} from search_documents d
        where d.source = 'ticket' and d.owner_id = ${query.requesterId} and d.status in ${statuses}
          and d.created_at < ${new Date(from).toISOString()}::timestamptz
        order by d.created_at desc limit ${REQUESTER_OLDER})
      union all
      (select 'extra' as kind, ${VECTOR_COLUMNS} from search_documents d
        where d.source = 'ticket' and d.source_id = ${query.ticketId})) r on true`);
  const database = result.rows[0]?.database ?? '';
  const watermark = result.rows[0]?.watermark ?? new Date(0).toISOString();
  const rows = result.rows.filter((r) => r.kind !== null);
  const extra = toVectors(rows.filter((r) => r.kind === 'extra'));
  lastDatabase = database;
  let window = windows.get(keyOf(database));
  if (current && window === current) {
    const open = new Set(statuses);
    for (const v of toVectors(rows.filter((r) => r.kind === 'changed'))) {
      drop(window, v.sourceId);
      if (open.has(v.status) && v.createdAt >= window.since) put(window, v);
    }
    window.watermark = watermark;
    // Tickets that left the window by age: dropped now and then (they are skipped when ranking).
    if (window.tickets.size > 1_000 && Math.random() < 0.01) {
      const cutoff = since.getTime() - 3_600_000;
      for (const v of [...window.tickets.values()]) if (v.createdAt < cutoff) drop(window, v.sourceId);
      window.since = Math.max(window.since, cutoff);
      window.serves = Math.max(window.serves, cutoff);
    }
    keepNewest(window);
    return { window, extra: await olderThanWindow(tx, query, window, extra, from) };
  }
  if (window && since.getTime() >= window.serves) {
    // Another database's window was read last: this one is brought up to date on its own.
    const open = new Set(statuses);
    const changedRows = await readVectors(
      tx,
      sql`select ${VECTOR_COLUMNS} from search_documents d
           where d.source = 'ticket' and d.indexed_at >= ${window.watermark}::timestamptz
             and d.created_at >= ${new Date(window.since).toISOString()}::timestamptz`,
    );
    for (const v of changedRows) {
      drop(window, v.sourceId);
      if (open.has(v.status) && v.createdAt >= window.since) put(window, v);
    }
    window.watermark = watermark;
    keepNewest(window);
    return { window, extra: await olderThanWindow(tx, query, window, extra, from) };
  }
  const start = since.getTime() - 3_600_000;
  window = {
    since: start,
    serves: start,
    statuses: statuses.join(','),
    watermark,
    tickets: new Map(),
    slots: [],
    lengths: [],
    free: [],
    postings: new Map(),
  };
  const loaded = await readVectors(
    tx,
    sql`select ${VECTOR_COLUMNS} from search_documents d
         where d.source = 'ticket' and d.created_at >= ${new Date(start).toISOString()}::timestamptz
           and d.status in ${statuses}
         order by d.created_at desc limit ${windowCap}`,
  );
  windowLoads += 1;
  for (const v of loaded) put(window, v);
  // A full window: it reaches back to its oldest ticket only.
  if (loaded.length >= windowCap) window.since = Math.max(start, (loaded.at(-1) as TicketVector).createdAt);
  windows.set(keyOf(database), window);
  return { window, extra: await olderThanWindow(tx, query, window, extra, from) };
}

/**
 * Lets the oldest tickets go once the window holds more than the cap (down to 90% of it, so that
 * this sorts rarely); the window then reaches back to its oldest ticket held.
 */
function keepNewest(window: WindowIndex): void {
  if (window.tickets.size <= windowCap) return;
  const keep = Math.floor(windowCap * (1 - CAP_SLACK));
  const newestFirst = [...window.tickets.values()].sort((x, y) => y.createdAt - x.createdAt);
  for (const v of newestFirst.slice(keep)) drop(window, v.sourceId);
  const oldestKept = newestFirst[keep - 1];
  if (oldestKept) window.since = Math.max(window.since, oldestKept.createdAt);
}

/** The requester's open tickets filed before an instant (newest `REQUESTER_OLDER`). */
function requesterOlder(tx: Queryable, query: OpenTicketsScope, before: number): Promise<TicketVector[]> {
  return readVectors(
    tx,
    sql`select ${VECTOR_COLUMNS} from search_documents d
         where d.source = 'ticket' and d.owner_id = ${query.requesterId} and d.status in ${query.openStatuses}
           and d.created_at < ${new Date(before).toISOString()}::timestamptz
         order by d.created_at desc limit ${REQUESTER_OLDER}`,
  );
}

/**
 * The requester's tickets filed before the window held (and the ticket itself), from those read
 * for the bound `readBefore`: those now in the window are left out, and when the window reaches
 * back less far than that (it let its oldest go), the ones in between are read.
 */
async function olderThanWindow(
  tx: Queryable,
  query: OpenTicketsScope,
  window: WindowIndex,
  extra: TicketVector[],
  readBefore: number,
): Promise<TicketVector[]> {
  const bound = window.since;
  const older = extra.filter((v) => v.createdAt < bound || v.sourceId === query.ticketId);
  if (bound <= readBefore) return older;
  const known = new Set(older.map((v) => v.sourceId));
  for (const v of await requesterOlder(tx, query, bound)) if (!known.has(v.sourceId)) older.push(v);
  return older;
}

function put(window: WindowIndex, v: TicketVector): void {
  v.slot = window.free.pop() ?? window.slots.length;
  window.slots[v.slot] = v;
  window.lengths[v.slot] = v.length;
  window.tickets.set(v.sourceId, v);
  for (const [term, tf] of v.tf) {
    let list = window.postings.get(term);
    if (!list) {
      list = { slots: [], tfs: [] };
      window.postings.set(term, list);
    }
    list.slots.push(v.slot);
    list.tfs.push(tf);
  }
}

function drop(window: WindowIndex, sourceId: number): void {
  const v = window.tickets.get(sourceId);
  if (!v) return;
  window.tickets.delete(sourceId);
  window.slots[v.slot] = undefined;
  window.free.push(v.slot);
  for (const term of v.tf.keys()) {
    const list = window.postings.get(term);
    if (!list) continue;
    const i = list.slots.indexOf(v.slot);
    if (i < 0) continue;
    // The last posting takes its place.
    list.slots[i] = list.slots[list.slots.length - 1] as number;
    list.tfs[i] = list.tfs[list.tfs.length - 1] as number;
    list.slots.pop();
    list.tfs.pop();
    if (list.slots.length === 0) window.postings.delete(term);
  }
}
