/**
 * "Same problem" score of a possible duplicate (issue 16): a logistic regression over the
 * text score and what the two tickets share beyond words (structured fields, subject, time).
 * Pure. Whether it is the same requester or organisation is kept out of it on purpose: that
 * is reported beside the score (`reason`), never mixed in, so a busy requester's unrelated
 * tickets do not look like duplicates.
 */
import { tokenize } from '../search/index.ts';
import { FIELD_KINDS, parseTicketFields, sharedFields, type TicketFields } from './duplicate-fields.ts';

export interface DuplicateText {
  subject: string;
  description: string;
  createdAt: Date;
}

export interface ScoredCandidate extends DuplicateText {
  id: number;
  /** The plain BM25F score of the candidate for the ticket's describing terms. */
  score: number;
}

export const FEATURE_NAMES = [
  'text',
  'textOfBest',
  'subject',
  'cosine',
  'subjectInText',
  'codes',
  'hosts',
  'versions',
  'refs',
  'within30Days',
  'withinYear',
] as const;

export interface DuplicateWeights {
  bias: number;
  weights: number[];
}

/**
 * Learned by `bench/duplicates-eval.ts --learn --candidates 50` on the development half of
 * the GitBugs SeaMonkey duplicate pairs only (seed 16; L2 0.1 chosen by 5-fold
 * cross-validation on those; see docs/performance.md "Issue 16"). `refs` is 0 because no
 * development pair shares a report number; a desk's own links would teach it.
 */
export const DUPLICATE_WEIGHTS: DuplicateWeights = {
  bias: -8.9,
  weights: [1.152, 2.933, 2.268, 0.669, 2.528, -0.026, 0.934, 0.021, 0, 1.798, 1.919],
};

const DAY = 86_400_000;

function subjectTerms(subject: string): Set<string> {
  return new Set(tokenize(subject, { mode: 'query' }));
}

/** Log term frequencies of a whole text. */
function termCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of tokenize(text.slice(0, 20000), { mode: 'query' }))
    counts.set(term, (counts.get(term) ?? 0) + 1);
  for (const [term, c] of counts) counts.set(term, 1 + Math.log(c));
  return counts;
}

/** Cosine of two log-tf x idf vectors (idf over the query and its candidates). */
function cosine(a: Map<string, number>, b: Map<string, number>, idf: (term: string) => number): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [t, v] of a) {
    const w = v * idf(t);
    na += w * w;
    const o = b.get(t);
    if (o !== undefined) dot += w * o * idf(t);
  }
  for (const [t, v] of b) {
    const w = v * idf(t);
    nb += w * w;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/** Share of `subject`'s terms that `text` has. */
function containment(subject: Set<string>, text: Map<string, number>): number {
  if (!subject.size) return 0;
  let found = 0;
  for (const t of subject) if (text.has(t)) found += 1;
  return found / subject.size;
}

/** Shared values of one kind, each weighed by how rare it is among the candidates (0-1 each, sum capped at 3). */
function sharedWeight(values: string[], counts: Map<string, number>, n: number): number {
  let sum = 0;
  for (const value of values) {
    const c = counts.get(value) ?? 1;
    sum += Math.log((n + 1) / (c + 0.5)) / Math.log(n + 1.5);
  }
  return Math.min(3, Math.max(0, sum));
}

/** What the features need of one text: its terms, subject terms and structured fields. */
export interface TextAnalysis {
  terms: Map<string, number>;
  subject: Set<string>;
  fields: TicketFields;
}

/** Tokenizes and parses a ticket's text once (the same ticket is a candidate again and again). */
export function analyseText(text: DuplicateText): TextAnalysis {
  const whole = `${text.subject}\n${text.description}`;
  return { terms: termCounts(whole), subject: subjectTerms(text.subject), fields: parseTicketFields(whole) };
}

/** Feature vectors, one per candidate, in `FEATURE_NAMES` order (`analyse` may cache `analyseText`). */
export function duplicateFeatures(
  query: DuplicateText & { selfScore: number },
  candidates: readonly ScoredCandidate[],
  analyse: (candidate: ScoredCandidate) => TextAnalysis = analyseText,
): number[][] {
  const q = analyseText(query);
  const best = Math.max(1e-9, ...candidates.map((c) => c.score));
  const analysed = candidates.map(analyse);
  const counts = new Map<string, number>();
  for (const a of analysed)
    for (const kind of FIELD_KINDS) for (const v of a.fields[kind]) counts.set(v, (counts.get(v) ?? 0) + 1);
  const n = candidates.length;
  const df = new Map<string, number>();
  for (const terms of [q.terms, ...analysed.map((a) => a.terms)])
    for (const t of terms.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const idf = (t: string) => Math.log((n + 2) / ((df.get(t) ?? 0) + 0.5));
  return candidates.map((c, i) => {
    const a = analysed[i] as TextAnalysis;
    const shared = sharedFields(q.fields, a.fields);
    let common = 0;
    for (const t of a.subject) if (q.subject.has(t)) common += 1;
    const size = q.subject.size + a.subject.size;
    const days = Math.abs(query.createdAt.getTime() - c.createdAt.getTime()) / DAY;
    return [
      query.selfScore > 0 ? Math.min(1.5, c.score / query.selfScore) : 0,
      c.score / best,
      size ? (2 * common) / size : 0,
      cosine(q.terms, a.terms, idf),
      (containment(a.subject, q.terms) + containment(q.subject, a.terms)) / 2,
      ...FIELD_KINDS.map((kind) => sharedWeight(shared[kind], counts, n)),
      Math.exp(-days / 30),
      Math.exp(-days / 365),
    ];
  });
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** The probability that a candidate with these features is the same problem. */
export function sameProblem(
  features: readonly number[],
  model: DuplicateWeights = DUPLICATE_WEIGHTS,
): number {
  let z = model.bias;
  for (let i = 0; i < features.length; i++) z += (model.weights[i] ?? 0) * (features[i] ?? 0);
  return sigmoid(z);
}
