import { type SQL, sql } from 'drizzle-orm';
import type { SearchHit, SearchQuery } from '../../../../contracts/search.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { type Actor, isStaff } from '../identity/index.ts';
import type { SearchSource } from './documents.ts';
import { type Concept, conceptsFromTerms, expandSynonyms } from './ranking.ts';
import { closestTerms, frequencies, rankDocuments } from './search-engine.ts';
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
 * The concepts of a typed query: its words (Chinese segmented, English stemmed), their
 * administrator synonyms, and for a word found nowhere, the index terms spelled like it.
 */
export async function planQuery(tx: Queryable, source: SearchSource, text: string): Promise<Concept[]> {
  let terms = tokenize(text, { mode: 'query' });
  if (!terms.length) terms = tokenize(text, { mode: 'query', keepStopWords: true });
  const concepts = expandSynonyms(conceptsFromTerms(terms), await synonymTermGroups(tx));
  const df = await frequencies(
    tx,
    source,
    concepts.flatMap((c) => c.terms),
  );
  const extra: Concept[] = [];
  for (const concept of concepts) {
    if (concept.terms.some((t) => (df.get(t) ?? 0) > 0)) continue;
    const word = concept.terms[0] ?? '';
    if (/^[a-z][a-z0-9]{4,}$/.test(word)) concept.terms.push(...(await closestTerms(tx, source, word)));
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
): Promise<{ id: number; title: string; snippet: string; score: number }[]> {
  const ranked = await rankDocuments(tx, {
    source: 'article',
    concepts,
    filter: sql`${findableBy(actor, 'article')} and ${extra}`,
    limit,
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
