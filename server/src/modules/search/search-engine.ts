import { type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database.ts';
import { executePrepared } from '../../platform/db/prepared.ts';
import type { SearchSource } from './documents.ts';
import { CORPUS_TERMS, quoteLexeme } from './documents.ts';
import {
  allOfQuery,
  anyOfQuery,
  type CandidatePlan,
  type Concept,
  idf,
  planCandidates,
  RANKING,
  type WeightedConcept,
} from './ranking.ts';
import { buildSnippet } from './snippet.ts';

export interface RankedDocument {
  sourceId: number;
  title: string;
  snippet: string;
  score: number;
  status: string;
  number: number | null;
  createdAt: Date;
}

/** Candidates besides the ranked ones: the documents that match `where`, or only its `newest`. */
export interface AlsoCandidates {
  where: SQL;
  newest?: number;
}

export interface RankOptions {
  source: SearchSource;
  concepts: Concept[];
  /** Who may find what, as a condition on `d` (search_documents). */
  filter: SQL;
  limit: number;
  /** Documents closer in time to this instant get a small boost (duplicates cluster in time). */
  near?: { at: Date; days: number; weight: number };
  withSnippets?: boolean;
  /**
   * The newest-documents part of the candidates looks only at documents meeting this (default
   * `filter`). A condition without OR branches (e.g. "open and filed this week") lets the planner
   * walk the creation-time index newest first and stop after `recentWindow` documents; with an OR
   * it reads every document of both branches and sorts them.
   */
  recentFilter?: SQL;
  /** How many of the newest documents the recent part looks at (default `RANKING.recentWindow`). */
  recentWindow?: number;
  /** How many of those the recent part keeps (default `RANKING.recentCap`). */
  recentCap?: number;
  /** How many candidates the first pass keeps for the exact score (default `RANKING.rerank`). */
  rerank?: number;
  /**
   * Further candidates, each a condition on `search_documents d` (within the source), optionally
   * only the `newest` of its matches: a requester's open tickets, a given document.
   */
  alsoCandidates?: AlsoCandidates[];
  /** Frequencies already read for every one of the concepts' terms (absent: 0), else read here. */
  frequencies?: ReadonlyMap<string, number>;
  /** The corpus' size, when the caller read it already for this unit of work. */
  stats?: CorpusStats;
}

export interface CorpusStats {
  documents: number;
  averageLength: number;
  at: number;
}

/**
 * The corpus' size for BM25: the document count and total length kept as two pseudo-terms of
 * the frequencies (`CORPUS_TERMS`, two index look-ups; issue 16 fourth round: counting a million
 * tickets took 0.5 s once a minute). Small corpora are read every time; larger ones at most once
 * a minute per process. Counted (as before) where the pseudo-terms are missing.
 */
const statsCache = new Map<string, CorpusStats>();
const EXACT_BELOW = 2_000;

export async function corpusStats(tx: Queryable, source: SearchSource): Promise<CorpusStats> {
  const cached = statsCache.get(source);
  if (cached && cached.documents >= EXACT_BELOW && Date.now() - cached.at < 60_000) return cached;
  const kept = await frequencies(tx, source, [CORPUS_TERMS.documents, CORPUS_TERMS.length]);
  let documents = kept.get(CORPUS_TERMS.documents);
  let length = kept.get(CORPUS_TERMS.length);
  if (documents === undefined || length === undefined) {
    const result = await tx.execute<{ n: number; total: number }>(sql`
      select count(*)::int as n, coalesce(sum(length), 0)::float8 as total from search_documents where source = ${source}`);
    documents = Number(result.rows[0]?.n ?? 0);
    length = Number(result.rows[0]?.total ?? 0);
  }
  const stats = {
    documents: Math.max(documents, 0),
    averageLength: documents > 0 ? Math.max(length / documents, 1) : 1,
    at: Date.now(),
  };
  statsCache.set(source, stats);
  return stats;
}

/** Document frequency of each term. */
export async function frequencies(
  tx: Queryable,
  source: SearchSource,
  terms: readonly string[],
): Promise<Map<string, number>> {
  if (!terms.length) return new Map();
  const wanted = sql.param([...terms]);
  const rows = await executePrepared<{ term: string; df: number }>(
    tx,
    sql`
    select term, sum(df)::float8 as df from (
      select term, df from search_terms where source = ${source} and term = any(${wanted}::text[])
      union all
      select term, delta from search_term_deltas where source = ${source} and term = any(${wanted}::text[])
    ) f group by term`,
  );
  return new Map(rows.map((r) => [r.term, Number(r.df)]));
}

/** Known index terms spelled like an unknown query word (typo tolerance through pg_trgm). */
export async function closestTerms(tx: Queryable, source: SearchSource, term: string): Promise<string[]> {
  const rows = await executePrepared<{ term: string }>(
    tx,
    sql`
    select term from search_terms
     where source = ${source} and term % ${term} and df > 0
     order by similarity(term, ${term}) desc, df desc, term limit 2`,
  );
  return rows.map((r) => r.term);
}

/**
 * The concepts' terms found in the index, each concept weighed by the IDF of its most common
 * term (`df`: each term's document frequency).
 */
export async function weighConcepts(
  tx: Queryable,
  source: SearchSource,
  concepts: readonly Concept[],
  documents: number,
  /** Frequencies already read for every one of the concepts' terms (absent: 0), else read here. */
  known?: ReadonlyMap<string, number>,
): Promise<(WeightedConcept & { df: Map<string, number> })[]> {
  if (!concepts.length) return [];
  const terms = [...new Set(concepts.flatMap((c) => c.terms))];
  const df = known ? new Map(terms.map((t) => [t, known.get(t) ?? 0])) : await frequencies(tx, source, terms);
  const weighted: (WeightedConcept & { df: Map<string, number> })[] = [];
  for (const concept of concepts) {
    const known = concept.terms.filter((t) => (df.get(t) ?? 0) > 0);
    if (!known.length) continue;
    const maxDf = Math.max(...known.map((t) => df.get(t) ?? 0));
    weighted.push({ terms: known, boost: concept.boost, idf: idf(documents, maxDf), df });
  }
  return weighted;
}

/**
 * Ranks the documents of one source by BM25F over the concepts. Each concept counts once:
 * its terms' field-weighted frequencies are summed before saturation, and it weighs by the
 * IDF of its most common term. Candidates: see `candidateQuery`; a first pass in C (ts_rank per
 * concept x IDF) keeps the best `RANKING.rerank` for BM25F.
 */
export async function rankDocuments(tx: Queryable, options: RankOptions): Promise<RankedDocument[]> {
  const stats = options.stats ?? (await corpusStats(tx, options.source));
  if (stats.documents === 0 || options.concepts.length === 0) return [];
  const weighted = await weighConcepts(
    tx,
    options.source,
    options.concepts,
    stats.documents,
    options.frequencies,
  );
  if (!weighted.length) return [];
  const df = new Map(weighted.flatMap((c) => c.terms.map((t) => [t, c.df.get(t) ?? 0] as const)));
  const rows: { term: string; concept: number; weight: number }[] = [];
  weighted.forEach((c, i) => {
    for (const term of c.terms) rows.push({ term, concept: i, weight: c.idf * c.boost });
  });
  const frequency = (c: WeightedConcept) => Math.max(...c.terms.map((t) => df.get(t) ?? 0));
  const plan = planCandidates(weighted, frequency, RANKING.rareBudget);
  const { k1, b, weights: w } = RANKING[options.source];
  const candidates = candidateQuery(options, plan, weighted);
  // First pass, in C: the rarest concepts' ts_rank (a saturating, field-weighted frequency)
  // times their IDF. The best `rerank` documents are then scored exactly by BM25F.
  const top = Math.max(w.A, w.B, w.C, w.D);
  const labelWeights = `{${[w.D, w.C, w.B, w.A].map((x) => x / top).join(',')}}`;
  const firstPass = sql.join(
    [...weighted]
      .sort((x, y) => y.idf * y.boost - x.idf * x.boost)
      .slice(0, RANKING.firstPassConcepts)
      .map(
        (c) =>
          sql`${c.idf * c.boost}::float8 * ts_rank(${labelWeights}::float4[], c0.terms, ${c.terms.map(quoteLexeme).join(' | ')}::tsquery)`,
      ),
    sql` + `,
  );
  const near = options.near;
  const proximity = near
    ? sql`* (1 + ${near.weight}::float8 * exp(-abs(extract(epoch from (c.created_at - ${near.at.toISOString()}::timestamptz))) / 86400.0 / ${near.days}::float8))`
    : sql``;
  const statement = sql`
    with q as (
      select * from unnest(${sql.param(rows.map((r) => r.term))}::text[],
                           ${sql.param(rows.map((r) => r.concept))}::int[],
                           ${sql.param(rows.map((r) => r.weight))}::float8[]) as q(term, concept, weight)
    ), c0 as (${candidates}
    ), cand as (
      select c0.id, c0.length, c0.terms, c0.created_at from c0
       order by ${firstPass} desc, c0.id limit ${options.rerank ?? RANKING.rerank}
    ), tf as (
      select c.id, q.concept, max(q.weight) as weight,
             sum((select sum(case x when 'A' then ${w.A}::float8 when 'B' then ${w.B}::float8
                                    when 'C' then ${w.C}::float8 else ${w.D}::float8 end)
                    from unnest(u.weights) x)) as tf
        from cand c cross join lateral unnest(c.terms) u join q on q.term = u.lexeme
       group by c.id, q.concept
    ), scored as (
      select c.id, sum(tf.weight * tf.tf * ${k1 + 1}::float8 /
                 (tf.tf + ${k1}::float8 * (1 - ${b}::float8 + ${b}::float8 * c.length / ${stats.averageLength}::float8)))
               ${proximity} as score
        from tf join cand c on c.id = tf.id
       group by c.id, c.created_at
       order by score desc, c.id limit ${options.limit}
    )
    select d.source_id, d.title, ${options.withSnippets === false ? sql`null` : sql`d.body`} as body, d.status,
           d.number, d.created_at, s.score
      from scored s join search_documents d on d.id = s.id
     order by s.score desc, d.id`;
  // Articles' rankings are prepared (issue 18): planning one took 0.6 ms, running it 0.06, and a
  // triage batch ranks the articles for each kind of ticket in it. PostgreSQL's own choice
  // (`plan_cache_mode=auto`) keeps planning one for its values while its kept plan would cost
  // more; the articles' candidates come from their own index whatever the words. Not tickets'
  // rankings, whose best plan depends on how common the words are among up to millions.
  const ranked =
    options.source === 'article'
      ? await executePrepared<RankedRow>(tx, statement)
      : (await tx.execute<RankedRow>(statement)).rows;
  const highlight = new Set(weighted.flatMap((c) => c.terms));
  return ranked.map((row) => ({
    sourceId: Number(row.source_id),
    title: row.title,
    snippet: row.body === null ? '' : buildSnippet(row.body, highlight),
    score: Math.round(Number(row.score) * 1000) / 1000,
    status: row.status,
    number: row.number === null ? null : Number(row.number),
    createdAt: row.created_at instanceof Date ? row.created_at : new Date(row.created_at),
  }));
}

interface RankedRow extends Record<string, unknown> {
  source_id: number;
  title: string;
  body: string | null;
  status: string;
  number: number | null;
  created_at: string | Date;
  score: number;
}

/**
 * The documents worth ranking. A small corpus: every match (exact). A large one: every
 * document with a rare concept (the GIN index; no LIMIT, which would tempt the planner into
 * scanning another index: their frequencies bound them), and among the newest `recentWindow`
 * documents the caller may see, the matching ones, those with all the common concepts first.
 * Both parts have a bounded cost, however common the words.
 */
function candidateQuery(options: RankOptions, plan: CandidatePlan, all: WeightedConcept[]): SQL {
  const any = anyOfQuery(all, quoteLexeme);
  const also = (options.alsoCandidates ?? []).map(
    (part) =>
      sql` union (select d.id from search_documents d
        where d.source = ${sourceLiteral(options.source)} and ${part.where}
        ${part.newest ? sql`order by d.created_at desc limit ${part.newest}` : sql``})`,
  );
  if (plan.exhaustive) {
    const every = sql`select d.id, d.length, d.terms, d.created_at from search_documents d
      where d.source = ${sourceLiteral(options.source)} and d.terms @@ ${any}::tsquery and ${options.filter}
      limit ${RANKING.rareBudget}`;
    if (!also.length) return every;
    return sql`select d.id, d.length, d.terms, d.created_at from search_documents d
     where d.id in ((select e.id from (${every}) e)${sql.join(also, sql``)})`;
  }
  const everyCommon = plan.common.length ? allOfQuery(plan.common, quoteLexeme) : any;
  const recent = sql`
      (select w.id from (select d.id, d.terms from search_documents d
                          where d.source = ${sourceLiteral(options.source)} and ${options.recentFilter ?? options.filter}
                          order by d.created_at desc nulls last limit ${options.recentWindow ?? RANKING.recentWindow}) w
        where w.terms @@ ${any}::tsquery
        order by (w.terms @@ ${everyCommon}::tsquery) desc limit ${options.recentCap ?? RANKING.recentCap})`;
  const rare = plan.rare.length
    ? sql`(select d.id from search_documents d
          where d.source = ${sourceLiteral(options.source)} and d.terms @@ ${anyOfQuery(plan.rare, quoteLexeme)}::tsquery
            and ${options.filter}) union `
    : sql``;
  return sql`select d.id, d.length, d.terms, d.created_at from search_documents d
     where d.id in (${rare}${recent}${sql.join(also, sql``)})`;
}

/** The source as a literal, so that the planner can use that source's partial indexes. */
function sourceLiteral(source: SearchSource): SQL {
  return sql.raw(source === 'article' ? "'article'" : "'ticket'");
}
