/**
 * Ranking parameters and the pure parts of query planning: BM25F (Robertson et al.) over
 * fields weighted A title, B body, C learned phrasings.
 */
export interface FieldParameters {
  k1: number;
  b: number;
  weights: { A: number; B: number; C: number; D: number };
}

/**
 * Chosen on the development data only (bench/kb-search-eval.ts, bench/duplicates-eval.ts):
 * articles are short questions with long answers, so the title dominates and term
 * frequency saturates late; tickets are compared whole, subject a little above the text.
 */
export const RANKING: {
  article: FieldParameters;
  ticket: FieldParameters;
  rareBudget: number;
  recentWindow: number;
  recentCap: number;
  firstPassConcepts: number;
  rerank: number;
} = {
  article: { k1: 5, b: 0.6, weights: { A: 6, B: 1, C: 3, D: 0.5 } },
  ticket: { k1: 1.2, b: 0.75, weights: { A: 2.5, B: 1, C: 1, D: 0.5 } },
  /**
   * Candidates: every document with one of the rarest concepts, as long as their document
   * frequencies add up to at most this (all of them for a small corpus: exact ranking)...
   */
  rareBudget: 2000,
  /** ...and among the newest this many documents the caller may see... */
  recentWindow: 5_000,
  /** ...this many that match, those with all of the (up to three) more common concepts first. */
  recentCap: 400,
  /** The first pass weighs this many of the rarest concepts. */
  firstPassConcepts: 12,
  /** The first pass keeps this many for the exact BM25F score. */
  rerank: 200,
};

export interface Concept {
  /** The query word, and its synonyms and spelling corrections: any of them counts. */
  terms: string[];
  /** How much the query wants it (repeated words, or a document's term weights). */
  boost: number;
}

export interface WeightedConcept extends Concept {
  idf: number;
}

export function idf(documentCount: number, df: number): number {
  // A term in df documents means at least df exist: a corpus size kept from a minute ago in a
  // storm (corpusStats) must not make a common term's weight negative (issue 18: the storm's
  // shared words dropped out of its tickets' descriptions, and their group changed each batch).
  const n = Math.max(documentCount, df);
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** One concept per distinct query term, in order; repeated words weigh more. */
export function conceptsFromTerms(terms: readonly string[]): Concept[] {
  const byTerm = new Map<string, Concept>();
  for (const term of terms) {
    const existing = byTerm.get(term);
    if (existing) existing.boost += 1;
    else byTerm.set(term, { terms: [term], boost: 1 });
  }
  return [...byTerm.values()];
}

/** Synonym groups, each a list of alternatives, each alternative the terms a query makes of it. */
export type SynonymGroups = readonly (readonly (readonly string[])[])[];

/**
 * Adds synonyms: a query term in a group also matches the group's other terms.
 * `groups` are lists of already-tokenized alternatives (each alternative may be several terms).
 */
export function expandSynonyms(concepts: Concept[], groups: SynonymGroups): Concept[] {
  const out = concepts.map((c) => ({ ...c, terms: [...c.terms] }));
  const present = new Set(concepts.flatMap((c) => c.terms));
  for (const group of groups) {
    // A group applies when one of its alternatives is wholly in the query.
    const hit = group.find((alt) => alt.length > 0 && alt.every((t) => present.has(t)));
    if (!hit) continue;
    const target = out.find((c) => c.terms.includes(hit[hit.length - 1] ?? ''));
    if (!target) continue;
    for (const alt of group) {
      if (alt === hit) continue;
      // A multi-word alternative is represented by its words; its last word joins the concept.
      for (const term of alt) if (!target.terms.includes(term)) target.terms.push(term);
    }
  }
  return out;
}

/** The terms of a document that best describe it (More Like This): tf x idf, top n. */
export function topTerms(
  termWeights: ReadonlyMap<string, number>,
  idfOf: (term: string) => number,
  n: number,
): Concept[] {
  return [...termWeights.entries()]
    .map(([term, tf]) => ({ term, tf, score: tf * idfOf(term) }))
    .filter((t) => t.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, n)
    .map((t) => ({ terms: [t.term], boost: 1 + Math.log(t.tf) }));
}

export interface CandidatePlan {
  /** Concepts whose documents are all candidates (their frequencies fit the budget). */
  rare: WeightedConcept[];
  /** The more common concepts that candidates must all have (newest first), when any. */
  common: WeightedConcept[];
  /** Whether the rare concepts are all of them: every matching document is ranked. */
  exhaustive: boolean;
}

/** Splits the concepts into rare ones (all their documents are candidates) and common ones. */
export function planCandidates(
  concepts: readonly WeightedConcept[],
  frequency: (c: WeightedConcept) => number,
  budget: number,
): CandidatePlan {
  const sorted = [...concepts].sort((a, b) => frequency(a) - frequency(b));
  const rare: WeightedConcept[] = [];
  let used = 0;
  for (const concept of sorted) {
    if (used + frequency(concept) > budget) break;
    used += frequency(concept);
    rare.push(concept);
  }
  const common = sorted.slice(rare.length, rare.length + 3);
  return { rare, common, exhaustive: rare.length === concepts.length };
}

/** A tsquery that needs every concept (each concept any of its terms). */
export function allOfQuery(concepts: readonly Concept[], quote: (term: string) => string): string {
  return concepts.map((c) => `(${c.terms.map(quote).join(' | ')})`).join(' & ');
}

/** A tsquery that matches any of the concepts' terms. */
export function anyOfQuery(concepts: readonly Concept[], quote: (term: string) => string): string {
  const terms = [...new Set(concepts.flatMap((c) => c.terms))];
  return terms.map(quote).join(' | ');
}
