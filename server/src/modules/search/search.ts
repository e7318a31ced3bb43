import { type SQL, sql } from 'drizzle-orm';
import type { SearchHit, SearchQuery } from '../../../../contracts/search.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { remember } from '../../platform/remember.ts';
import { type Actor, isStaff } from '../identity/index.ts';
import type { SearchSource } from './documents.ts';
import { type Concept, conceptsFromTerms, expandSynonyms, type SynonymGroups } from './ranking.ts';
import {
  type CorpusStats,
  closestTerms,
  corpusStats,
  frequencies,
  type RankOptions,
  rankDocuments,
} from './search-engine.ts';
import { synonymTermGroups } from './synonyms.ts';
import { hasChinese, tokenize } from './tokenizer.ts';

/** What a person may find: published articles (internal ones for staff only); tickets of their own. */
export function findableBy(actor: Actor, source: SearchSource): SQL {
  if (source === 'article') {
    return isStaff(actor)
      ? sql`d.status = 'published'`
      : sql`d.status = 'published' and d.visibility = 'public'`;
  }
  return isStaff(actor) ? sql`true` : sql`d.owner_id = ${actor.id}`;
}

/** Whose tickets an actor finds, as `findableBy` says: null for every ticket (staff), else their own. */
export function ticketsFindableOwner(actor: Actor): number | null {
  return isStaff(actor) ? null : actor.id;
}

/**
 * What `planQuery` looked up, kept for the next queries of one unit of work (issue 18: triage
 * plans a self-help query per new ticket, and a storm's tickets ask about the same words: the
 * spelling look-ups of the same unknown words were two statements a ticket). Made per batch
 * and dropped with it, so a vocabulary that changes is seen by the next batch; bounded by
 * the batch's words.
 */
export interface QueryLookups {
  synonyms?: Promise<SynonymGroups>;
  /** The corpus' size by source, read once for the unit of work. */
  stats: Map<SearchSource, Promise<CorpusStats>>;
  /** Document frequency by source and term (0: in no document). */
  df: Map<string, number>;
  /** Index terms spelled like an unknown word, by source and word. */
  closest: Map<string, string[]>;
  /**
   * Article rankings by what decides them (`searchArticles` with `reuseAs`): the reader, the
   * filter's name, the limit and the concepts that match any document. A storm's tickets plan
   * the same known words (their numbers are in no article), so a batch ranks each set once.
   */
  rankings?: Map<string, Promise<ArticleHit[]>>;
}

type ArticleHit = { id: number; title: string; snippet: string; score: number };

export function queryLookups(): QueryLookups {
  return { df: new Map(), closest: new Map(), stats: new Map() };
}

function synonymsOf(tx: Queryable, lookups: QueryLookups | undefined): Promise<SynonymGroups> {
  if (!lookups) return synonymTermGroups(tx);
  lookups.synonyms ??= synonymTermGroups(tx);
  return lookups.synonyms;
}

function queryConcepts(text: string, synonyms: SynonymGroups): Concept[] {
  let terms = tokenize(text, { mode: 'query' });
  if (!terms.length) terms = tokenize(text, { mode: 'query', keepStopWords: true });
  return expandSynonyms(conceptsFromTerms(terms), synonyms);
}

/**
 * The term frequencies that `planQuery` will ask for these texts, read in one statement into
 * `lookups` (a triage batch's tickets, before each is planned on its own).
 */
export async function prefetchQueries(
  tx: Queryable,
  source: SearchSource,
  texts: readonly string[],
  lookups: QueryLookups,
): Promise<void> {
  const synonyms = await synonymsOf(tx, lookups);
  const terms = texts.flatMap((text) => queryConcepts(text, synonyms).flatMap((c) => c.terms));
  await lookedUpFrequencies(tx, source, terms, lookups);
}

async function lookedUpFrequencies(
  tx: Queryable,
  source: SearchSource,
  terms: readonly string[],
  lookups: QueryLookups | undefined,
): Promise<Map<string, number>> {
  if (!lookups) return frequencies(tx, source, terms);
  const key = (term: string) => `${source}\u0000${term}`;
  const missing = [...new Set(terms.filter((t) => !lookups.df.has(key(t))))];
  if (missing.length) {
    const found = await frequencies(tx, source, missing);
    for (const term of missing) lookups.df.set(key(term), found.get(term) ?? 0);
  }
  return new Map(terms.map((t) => [t, lookups.df.get(key(t)) ?? 0]));
}

async function lookedUpClosest(
  tx: Queryable,
  source: SearchSource,
  word: string,
  lookups: QueryLookups | undefined,
): Promise<string[]> {
  if (!lookups) return closestTerms(tx, source, word);
  const key = `${source}\u0000${word}`;
  let terms = lookups.closest.get(key);
  if (!terms) {
    terms = await closestTerms(tx, source, word);
    lookups.closest.set(key, terms);
  }
  return [...terms];
}

/**
 * The concepts of a typed query: its words (Chinese segmented, English stemmed), their
 * administrator synonyms, and for a word found nowhere, the index terms spelled like it.
 * `lookups`: what earlier queries of the same unit of work looked up (`queryLookups`).
 */
export async function planQuery(
  tx: Queryable,
  source: SearchSource,
  text: string,
  lookups?: QueryLookups,
): Promise<Concept[]> {
  const concepts = queryConcepts(text, await synonymsOf(tx, lookups));
  const df = await lookedUpFrequencies(
    tx,
    source,
    concepts.flatMap((c) => c.terms),
    lookups,
  );
  const extra: Concept[] = [];
  for (const concept of concepts) {
    if (concept.terms.some((t) => (df.get(t) ?? 0) > 0)) continue;
    const word = concept.terms[0] ?? '';
    if (/^[a-z][a-z0-9]{4,}$/.test(word))
      concept.terms.push(...(await lookedUpClosest(tx, source, word, lookups)));
    // A long Chinese word nobody wrote as such: look for its parts (系统升级 -> 系统, 升级).
    else if (hasChinese(word) && word.length > 2) {
      for (const part of new Set(tokenize(word, { mode: 'index' }))) {
        if (part !== word) extra.push({ terms: [part], boost: concept.boost });
      }
    }
  }
  return [...concepts, ...extra];
}

/** Published articles (public ones for requesters) that answer the concepts best. */
export async function searchArticles(
  tx: Queryable,
  actor: Actor,
  concepts: Concept[],
  limit: number,
  extra: SQL = sql`true`,
  /** What the unit of work looked up already (`queryLookups`): frequencies, the corpus' size. */
  lookups?: QueryLookups,
  /**
   * A name for `extra` (the same name, the same filter): with `lookups`, a ranking of the same
   * known concepts for the same reader is then reused within the unit of work. Exact: a term in
   * no document adds nothing to a ranking (`weighConcepts` leaves it out), and the frequencies
   * and the corpus' size are the unit of work's own.
   */
  reuseAs?: string,
): Promise<ArticleHit[]> {
  let known: Pick<RankOptions, 'frequencies' | 'stats'> = {};
  if (lookups) {
    let stats = lookups.stats.get('article');
    if (!stats) {
      stats = corpusStats(tx, 'article');
      lookups.stats.set('article', stats);
    }
    const terms = concepts.flatMap((c) => c.terms);
    const frequencies = await lookedUpFrequencies(tx, 'article', terms, lookups);
    known = { stats: await stats, frequencies };
    if (reuseAs !== undefined) {
      const matching = concepts.flatMap((c) => {
        const found = c.terms.filter((t) => (frequencies.get(t) ?? 0) > 0);
        return found.length ? [[found, c.boost]] : [];
      });
      const key = JSON.stringify([actor, reuseAs, limit, matching]);
      lookups.rankings ??= new Map();
      const ranking = remember(lookups.rankings, key, () =>
        rankArticles(tx, actor, concepts, limit, extra, known),
      );
      return (await ranking).map((hit) => ({ ...hit }));
    }
  }
  return rankArticles(tx, actor, concepts, limit, extra, known);
}

async function rankArticles(
  tx: Queryable,
  actor: Actor,
  concepts: Concept[],
  limit: number,
  extra: SQL,
  known: Pick<RankOptions, 'frequencies' | 'stats'>,
): Promise<ArticleHit[]> {
  const ranked = await rankDocuments(tx, {
    source: 'article',
    concepts,
    filter: sql`${findableBy(actor, 'article')} and ${extra}`,
    limit,
    ...known,
  });
  return ranked.map((r) => ({ id: r.sourceId, title: r.title, snippet: r.snippet, score: r.score }));
}

export async function searchKnowledge(options: {
  tx: Queryable;
  actor: Actor;
  query: SearchQuery;
}): Promise<{ items: SearchHit[] }> {
  const { tx, actor, query } = options;
  const scopes: SearchSource[] =
    query.scope === 'articles' ? ['article'] : query.scope === 'tickets' ? ['ticket'] : ['article', 'ticket'];
  const items: SearchHit[] = [];
  for (const source of scopes) {
    const concepts = await planQuery(tx, source, query.q);
    const ranked = await rankDocuments(tx, {
      source,
      concepts,
      filter: findableBy(actor, source),
      limit: query.limit,
    });
    for (const doc of ranked) {
      items.push({
        id: doc.sourceId,
        type: source,
        title: doc.title,
        snippet: doc.snippet,
        score: doc.score,
        number: doc.number,
        status: doc.status,
      });
    }
  }
  items.sort((a, b) => b.score - a.score);
  return { items: items.slice(0, query.limit) };
}
