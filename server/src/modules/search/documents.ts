import { sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database.ts';
import { idArray } from '../../platform/db/id-array.ts';
import { tokenize } from './tokenizer.ts';

export type SearchSource = 'article' | 'ticket';

/** What the index keeps of an article or a ticket. */
export interface IndexableDocument {
  source: SearchSource;
  sourceId: number;
  title: string;
  body: string;
  /** Extra wordings that should find the document (learned phrasings of an article). */
  phrasings?: readonly string[];
  language?: string | null;
  visibility: 'public' | 'internal';
  status: string;
  ownerId?: number | null;
  organizationId?: number | null;
  category?: string | null;
  teamId?: number | null;
  priority?: string | null;
  number?: number | null;
  createdAt: Date;
}

const MAX_POSITION = 16383;

/**
 * Pseudo-terms of `search_terms` (never in a term vector: the tokenizer yields no control
 * characters) that keep the corpus' size for BM25 without counting it: the number of documents
 * and the sum of their lengths, kept by the same appended deltas as the terms' frequencies.
 */
export const CORPUS_TERMS = { documents: '\u0001documents', length: '\u0001length' } as const;

/** Field weights as tsvector labels: A title, B body, C learned phrasings. */
export function buildTermVector(doc: Pick<IndexableDocument, 'title' | 'body' | 'phrasings'>): {
  literal: string;
  length: number;
  terms: string[];
} {
  const positions = new Map<string, string[]>();
  let position = 0;
  let length = 0;
  const add = (text: string, weight: 'A' | 'B' | 'C', counts: boolean) => {
    for (const term of tokenize(text, { mode: 'index' })) {
      position = Math.min(position + 1, MAX_POSITION);
      if (counts) length++;
      const list = positions.get(term) ?? [];
      if (list.length < 256) list.push(`${position}${weight}`);
      positions.set(term, list);
    }
  };
  add(doc.title, 'A', true);
  add(doc.body, 'B', true);
  for (const phrasing of doc.phrasings ?? []) add(phrasing, 'C', false);
  const parts: string[] = [];
  for (const [term, list] of positions) parts.push(`${quoteLexeme(term)}:${list.join(',')}`);
  return { literal: parts.join(' '), length: Math.max(length, 1), terms: [...positions.keys()] };
}

export function quoteLexeme(term: string): string {
  return `'${term.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/**
 * Writes (or rewrites) one document in the caller's transaction and keeps the per-term
 * document frequencies exact.
 */
export async function indexDocument(tx: Queryable, doc: IndexableDocument): Promise<void> {
  await indexDocuments(tx, [doc]);
}

/**
 * Writes (or rewrites) documents of one source in the caller's transaction, in a few
 * statements however many, and keeps the per-term document frequencies exact. The rows are
 * locked in id order, so that two writers never wait on each other in a cycle.
 */
export async function indexDocuments(tx: Queryable, given: readonly IndexableDocument[]): Promise<void> {
  // One row per document: the last version given of each.
  const docs = [...new Map(given.map((doc) => [doc.sourceId, doc])).values()];
  const source = docs[0]?.source;
  if (!source) return;
  if (docs.some((doc) => doc.source !== source)) throw new Error('documents of one source at a time');
  const ids = idArray(docs.map((doc) => doc.sourceId));
  const previous = await tx.execute<{ source_id: number; terms: string[]; length: number }>(sql`
    select source_id, coalesce(array(select lexeme from unnest(terms)), '{}') as terms, length
      from search_documents where source = ${source} and source_id = any(${ids})
     order by source_id for update`);
  const before = new Map(previous.rows.map((row) => [Number(row.source_id), new Set(row.terms)]));
  const corpus = {
    documents: docs.length - previous.rows.length,
    length: -previous.rows.reduce((sum, row) => sum + Number(row.length), 0),
  };
  const vectors = docs.map((doc) => buildTermVector(doc));
  const added: string[] = [];
  const removed: string[] = [];
  docs.forEach((doc, i) => {
    const had = before.get(doc.sourceId) ?? new Set<string>();
    const has = new Set(vectors[i]?.terms ?? []);
    for (const term of has) if (!had.has(term)) added.push(term);
    for (const term of had) if (!has.has(term)) removed.push(term);
  });
  for (const vector of vectors) corpus.length += vector.length;
  await writeDocuments(tx, docs, vectors);
  await adjustFrequencies(tx, source, added, removed, docs.length, corpus);
}

export async function removeDocument(tx: Queryable, source: SearchSource, sourceId: number): Promise<void> {
  const result = await tx.execute<{ terms: string[]; length: number }>(sql`
    delete from search_documents where source = ${source} and source_id = ${sourceId}
    returning array(select lexeme from unnest(terms)) as terms, length`);
  const row = result.rows[0];
  if (!row) return;
  const removed = [...row.terms].sort();
  await adjustFrequencies(tx, source, [], removed, 1, { documents: -1, length: -Number(row.length) });
}

/**
 * Removes a source's documents whose record no longer exists (every id not in `existing`),
 * for a reindex; the caller recounts the frequencies afterwards (`recountFrequencies`).
 */
export async function removeDocumentsExcept(
  tx: Queryable,
  source: SearchSource,
  existing: readonly number[],
): Promise<void> {
  await tx.execute(sql`delete from search_documents where source = ${source}
    and source_id <> all(${idArray(existing)})`);
}

async function adjustFrequencies(
  tx: Queryable,
  source: SearchSource,
  added: string[],
  removed: string[],
  documents = 1,
  corpus: { documents: number; length: number } = { documents: 0, length: 0 },
): Promise<void> {
  if (!added.length && !removed.length && !corpus.documents && !corpus.length) return;
  // One row per term and write, however many of the written documents gained or lost it: a
  // batch of 200 tickets appended a row per term and ticket (tens of thousands), which every
  // frequency look-up then summed until the next fold (6 ms a look-up after a burst, five per
  // triaged ticket; docs/performance.md, issue 18).
  const summed = new Map<string, number>();
  for (const term of added) summed.set(term, (summed.get(term) ?? 0) + 1);
  for (const term of removed) summed.set(term, (summed.get(term) ?? 0) - 1);
  summed.set(CORPUS_TERMS.documents, corpus.documents);
  summed.set(CORPUS_TERMS.length, corpus.length);
  const rows = [...summed]
    .filter(([, delta]) => delta !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (rows.length === 0) return;
  await tx.execute(sql`
    insert into search_term_deltas (source, term, delta)
    select ${source}, t, d from unnest(${sql.param(rows.map(([term]) => term))}::text[], ${sql.param(rows.map(([, delta]) => delta))}::int[]) as u(t, d)`);
  // Now and then a writer folds the pending changes into the totals (one at a time): about
  // once per FOLD_EVERY documents written, so a batch of many folds at once.
  if (Math.random() < documents / FOLD_EVERY) await foldFrequencies(tx);
}

/** About once per this many documents written, the writer also folds the pending frequency changes. */
const FOLD_EVERY = 64;

/** Moves the pending frequency changes into `search_terms`; skipped while another fold runs. */
export async function foldFrequencies(tx: Queryable): Promise<void> {
  const lock = await tx.execute<{ ok: boolean }>(
    sql`select pg_try_advisory_xact_lock(hashtext('search_terms_fold')) as ok`,
  );
  if (!lock.rows[0]?.ok) return;
  await tx.execute(sql`
    with moved as (delete from search_term_deltas returning source, term, delta),
         summed as (select source, term, sum(delta)::int as delta from moved group by source, term)
    insert into search_terms (source, term, df)
    select source, term, delta from summed order by source, term
    on conflict (source, term) do update set df = greatest(search_terms.df + excluded.df, 0)`);
}

/**
 * Writes many documents in one statement, without the per-term bookkeeping: for bulk
 * rebuilds, which call `recountFrequencies` once at the end.
 */
export async function bulkIndexDocuments(tx: Queryable, docs: readonly IndexableDocument[]): Promise<void> {
  await writeDocuments(
    tx,
    docs,
    docs.map((d) => buildTermVector(d)),
  );
}

async function writeDocuments(
  tx: Queryable,
  docs: readonly IndexableDocument[],
  vectors: readonly ReturnType<typeof buildTermVector>[],
): Promise<void> {
  if (!docs.length) return;
  const column = <T>(pick: (d: IndexableDocument, i: number) => T) => sql.param(docs.map(pick));
  await tx.execute(sql`
    insert into search_documents (source, source_id, title, body, terms, length, language, visibility, status,
      owner_id, organization_id, category, team_id, priority, number, created_at)
    select u.source, u.source_id, u.title, u.body, u.terms::tsvector, u.length, u.language, u.visibility, u.status,
           u.owner_id, u.organization_id, u.category, u.team_id, u.priority, u.number, u.created_at
      from unnest(${column((d) => d.source)}::text[], ${column((d) => d.sourceId)}::bigint[],
                  ${column((d) => d.title)}::text[], ${column((d) => d.body)}::text[],
                  ${column((_, i) => vectors[i]?.literal ?? '')}::text[], ${column((_, i) => vectors[i]?.length ?? 1)}::int[],
                  ${column((d) => d.language ?? null)}::text[], ${column((d) => d.visibility)}::text[],
                  ${column((d) => d.status)}::text[], ${column((d) => d.ownerId ?? null)}::bigint[],
                  ${column((d) => d.organizationId ?? null)}::bigint[], ${column((d) => d.category ?? null)}::text[],
                  ${column((d) => d.teamId ?? null)}::bigint[], ${column((d) => d.priority ?? null)}::text[],
                  ${column((d) => d.number ?? null)}::bigint[], ${column((d) => d.createdAt.toISOString())}::timestamptz[])
        as u(source, source_id, title, body, terms, length, language, visibility, status, owner_id,
             organization_id, category, team_id, priority, number, created_at)
    on conflict (source, source_id) do update set title = excluded.title, body = excluded.body,
      terms = excluded.terms, length = excluded.length, language = excluded.language,
      visibility = excluded.visibility, status = excluded.status, owner_id = excluded.owner_id,
      organization_id = excluded.organization_id, category = excluded.category, team_id = excluded.team_id,
      priority = excluded.priority, number = excluded.number, indexed_at = now()`);
}

/** Recounts every term's document frequency from the documents (after a bulk load). */
export async function recountFrequencies(tx: Queryable, source: SearchSource): Promise<void> {
  await tx.execute(sql`delete from search_term_deltas where source = ${source}`);
  await tx.execute(sql`delete from search_terms where source = ${source}`);
  await tx.execute(sql`
    insert into search_terms (source, term, df)
    select ${source}, u.lexeme, count(*) from search_documents d, unnest(d.terms) u
     where d.source = ${source} group by u.lexeme`);
  await tx.execute(sql`
    insert into search_terms (source, term, df)
    select ${source}, t.term, t.n
      from (select count(*)::int as documents, coalesce(sum(length), 0)::int as length
              from search_documents where source = ${source}) c
     cross join lateral (values (${CORPUS_TERMS.documents}::text, c.documents),
                                (${CORPUS_TERMS.length}::text, c.length)) as t(term, n)`);
}
