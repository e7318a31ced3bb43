import { type SQL, sql } from 'drizzle-orm';
import type { SimilarTicket } from '../../../../contracts/search.ts';
import type { Queryable } from '../../platform/db/database.ts';
import type { Actor } from '../identity/index.ts';
import { assertTicketVisible } from '../tickets/index.ts';
import { scoreVector, type TicketVector, ticketVectorsHolding, ticketVectorsOf } from './open-tickets.ts';
import { type Concept, idf, RANKING, topTerms } from './ranking.ts';
import { findableBy } from './search.ts';
import {
  type AlsoCandidates,
  type CorpusStats,
  corpusStats,
  frequencies,
  rankDocuments,
  weighConcepts,
} from './search-engine.ts';
import { indexTicket } from './ticket-indexer.ts';
import { tokenize } from './tokenizer.ts';

/** How many of a ticket's own terms describe it for "more like this". */
const DESCRIBING_TERMS = 20;
/** Reports of one fault cluster in time: a ticket within `days` of another gets up to `weight` more. */
export const TIME_PROXIMITY = { days: 30, weight: 0.5 };

/** The concepts that describe a text best: its terms weighted by field, frequency and rarity. */
export async function describingConcepts(
  tx: Queryable,
  fields: { title: string; body: string },
): Promise<Concept[]> {
  return (await describingTerms(tx, fields)).concepts;
}

/** `describingConcepts`, with the document frequency of each of the text's terms (read for it). */
export async function describingTerms(
  tx: Queryable,
  fields: { title: string; body: string },
): Promise<{ concepts: Concept[]; frequencies: Map<string, number> }> {
  const { concepts, frequencies } = await describingTermsOf(tx, [fields]);
  return { concepts: concepts[0] ?? [], frequencies };
}

/**
 * What `describingTermsOf` read to describe the texts: the ticket corpus' size and the
 * document frequency of every one of their terms (absent: in no ticket). Rankings of those
 * concepts in the same unit of work take them (`rankTickets`' `known`) instead of reading
 * them again (issue 18: two statements per ranking of a triage batch's recurring incidents).
 */
export interface TicketTextsRead {
  concepts: Concept[][];
  frequencies: Map<string, number>;
  stats: CorpusStats;
}

/**
 * `describingConcepts` of several texts, with one look-up of the corpus and its frequencies, and
 * what it read (`TicketTextsRead`).
 */
export async function describingTermsOf(
  tx: Queryable,
  texts: readonly { title: string; body: string }[],
): Promise<TicketTextsRead> {
  if (texts.length === 0)
    return { concepts: [], frequencies: new Map(), stats: { documents: 0, averageLength: 1, at: 0 } };
  const weightsOf = texts.map((fields) => {
    const weights = new Map<string, number>();
    const add = (text: string, weight: number) => {
      for (const term of tokenize(text, { mode: 'index' }))
        weights.set(term, (weights.get(term) ?? 0) + weight);
    };
    add(fields.title, RANKING.ticket.weights.A);
    add(fields.body, RANKING.ticket.weights.B);
    return weights;
  });
  const stats = await corpusStats(tx, 'ticket');
  const df = await frequencies(tx, 'ticket', [...new Set(weightsOf.flatMap((w) => [...w.keys()]))]);
  const concepts = weightsOf.map((weights) =>
    topTerms(
      weights,
      (term) => {
        const n = df.get(term) ?? 0;
        // A term no other ticket has cannot find a similar one.
        return n === 0 ? 0 : idf(stats.documents, n);
      },
      DESCRIBING_TERMS,
    ),
  );
  return { concepts, frequencies: df, stats };
}

/**
 * How many tickets have each term (the index's document frequency): a describing term only one
 * ticket has cannot find another, which lets a caller tell near-identical tickets apart from
 * their numbers (issue 18: a storm's incidents ranked once per group).
 */
export function ticketTermFrequencies(tx: Queryable, terms: readonly string[]): Promise<Map<string, number>> {
  return frequencies(tx, 'ticket', terms);
}

/** Past and open tickets most like this one (ES-5, duplicates): staff see all, requesters their own. */
export async function similarTickets(options: {
  tx: Queryable;
  actor: Actor;
  ticketId: number;
  limit: number;
}): Promise<{ items: SimilarTicket[] }> {
  const { tx, actor, ticketId, limit } = options;
  await assertTicketVisible(tx, actor, ticketId);
  let doc = await loadDocument(tx, ticketId);
  if (!doc) {
    await indexTicket(tx, ticketId);
    doc = await loadDocument(tx, ticketId);
  }
  if (!doc) return { items: [] };
  const concepts = await describingConcepts(tx, doc);
  const items = await rankTickets(tx, {
    concepts,
    filter: sql`${findableBy(actor, 'ticket')} and d.source_id <> ${ticketId}`,
    limit,
    near: doc.createdAt,
  });
  return { items };
}

export async function rankTickets(
  tx: Queryable,
  options: {
    concepts: Concept[];
    filter: SQL;
    limit: number;
    near?: Date;
    withSnippets?: boolean;
    recentFilter?: SQL;
    recentWindow?: number;
    recentCap?: number;
    rerank?: number;
    alsoCandidates?: AlsoCandidates[];
    /**
     * The corpus' size and the frequencies of every one of the concepts' terms, read already in
     * this unit of work (`describingTermsOf`); else read here.
     */
    known?: Pick<TicketTextsRead, 'frequencies' | 'stats'>;
  },
): Promise<SimilarTicket[]> {
  const ranked = await rankDocuments(tx, {
    source: 'ticket',
    concepts: options.concepts,
    filter: options.filter,
    limit: options.limit,
    ...(options.recentFilter ? { recentFilter: options.recentFilter } : {}),
    ...(options.recentWindow ? { recentWindow: options.recentWindow } : {}),
    ...(options.recentCap ? { recentCap: options.recentCap } : {}),
    ...(options.rerank ? { rerank: options.rerank } : {}),
    ...(options.alsoCandidates ? { alsoCandidates: options.alsoCandidates } : {}),
    ...(options.withSnippets === false ? { withSnippets: false } : {}),
    ...(options.near ? { near: { at: options.near, ...TIME_PROXIMITY } } : {}),
    ...(options.known ? { frequencies: options.known.frequencies, stats: options.known.stats } : {}),
  });
  return ranked.map((r) => ({
    id: r.sourceId,
    number: r.number ?? 0,
    subject: r.title,
    score: r.score,
    status: r.status as SimilarTicket['status'],
    snippet: r.snippet,
    createdAt: r.createdAt.toISOString(),
  }));
}

/**
 * Exact BM25F scores of the tickets holding a few rare terms, for several queries at once (issue
 * 18): one read of the tickets holding a term of any query's `holding` concepts (meeting `filter`,
 * at most `limit`), then each query's concepts scored in this process against those of the tickets
 * that hold a term of its own `holding` concepts, as `rankTickets` would score them (best first,
 * rounded alike). For terms that few tickets hold: the read is a GIN look-up of each.
 */
export async function scoreTicketsHolding(
  tx: Queryable,
  options: {
    queries: readonly { concepts: Concept[]; holding: readonly Concept[] }[];
    filter: SQL;
    limit: number;
    known: Pick<TicketTextsRead, 'frequencies' | 'stats'>;
  },
): Promise<{ id: number; score: number }[][]> {
  const { queries, known } = options;
  const vectors = await ticketVectorsHolding(
    tx,
    queries.flatMap((q) => q.holding),
    options.filter,
    options.limit,
  );
  return Promise.all(
    queries.map(async (query) => {
      const score = await scorer(tx, query.concepts, known);
      return vectors
        .filter((v) => query.holding.some((c) => c.terms.some((term) => v.tf.has(term))))
        .map((v) => ({ id: v.sourceId, score: score(v) }))
        .sort((x, y) => y.score - x.score || x.id - y.id);
    }),
  );
}

/**
 * Each ticket's exact BM25F score against concepts of its own (its score against its own text: what
 * `rankTickets` gives it for them, rounded alike), from the tickets' term vectors read by key (issue
 * 18: a triage batch's recurring incidents, which ranked each group's members in a statement of
 * about a millisecond). A ticket not indexed has no score.
 */
export async function scoreTicketsThemselves(
  tx: Queryable,
  tickets: readonly { id: number; concepts: Concept[] }[],
  known: Pick<TicketTextsRead, 'frequencies' | 'stats'>,
): Promise<Map<number, number>> {
  const read = await ticketVectorsOf(
    tx,
    tickets.map((t) => t.id),
  );
  const vectors = new Map(read.map((v) => [v.sourceId, v]));
  const scores = new Map<number, number>();
  for (const ticket of tickets) {
    const vector = vectors.get(ticket.id);
    if (vector) scores.set(ticket.id, (await scorer(tx, ticket.concepts, known))(vector));
  }
  return scores;
}

/** A ticket vector's score for the concepts, as `rankDocuments` scores and rounds it. */
async function scorer(
  tx: Queryable,
  concepts: Concept[],
  known: Pick<TicketTextsRead, 'frequencies' | 'stats'>,
): Promise<(v: Pick<TicketVector, 'tf' | 'length'>) => number> {
  const weighted = await weighConcepts(tx, 'ticket', concepts, known.stats.documents, known.frequencies);
  return (v) => Math.round(scoreVector(weighted, v, known.stats.averageLength) * 1000) / 1000;
}

async function loadDocument(
  tx: Queryable,
  ticketId: number,
): Promise<{ title: string; body: string; createdAt: Date } | null> {
  const result = await tx.execute<{ title: string; body: string; created_at: string | Date }>(sql`
    select title, body, created_at from search_documents where source = 'ticket' and source_id = ${ticketId}`);
  const row = result.rows[0];
  if (!row) return null;
  return {
    title: row.title,
    body: row.body,
    createdAt: row.created_at instanceof Date ? row.created_at : new Date(row.created_at),
  };
}
