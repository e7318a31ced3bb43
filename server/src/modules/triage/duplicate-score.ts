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
 * Learned by `bench/duplicates-eval.ts --learn` on the development half of the GitBugs
 * SeaMonkey duplicate pairs only (seeded split, see docs/performance.md "Issue 16").
 */
export const DUPLICATE_WEIGHTS: DuplicateWeights = {
  bias: -4,
  weights: [4, 2, 1, 0.5, 0.5, 0.3, 0.5, 0.5, 0],
};

/** Shown as possible duplicates when the desk has fewer than this many duplicate-of links. */
export const MIN_LINKS_FOR_CALIBRATION = 10;
/** The threshold without enough of the desk's own links: chosen on the development pairs. */
export const DEFAULT_DUPLICATE_THRESHOLD = 0.2;

const DAY = 86_400_000;

function subjectTerms(subject: string): Set<string> {
  return new Set(tokenize(subject, { mode: 'query' }));
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

/** Feature vectors, one per candidate, in `FEATURE_NAMES` order. */
export function duplicateFeatures(
  query: DuplicateText & { selfScore: number },
  candidates: readonly ScoredCandidate[],
): number[][] {
  const qFields = parseTicketFields(`${query.subject}\n${query.description}`);
  const qSubject = subjectTerms(query.subject);
  const best = Math.max(1e-9, ...candidates.map((c) => c.score));
  const fields = candidates.map((c) => parseTicketFields(`${c.subject}\n${c.description}`));
  const counts = new Map<string, number>();
  for (const f of fields)
    for (const kind of FIELD_KINDS) for (const v of f[kind]) counts.set(v, (counts.get(v) ?? 0) + 1);
  const n = candidates.length;
  return candidates.map((c, i) => {
    const shared = sharedFields(qFields, fields[i] as TicketFields);
    const cSubject = subjectTerms(c.subject);
    let common = 0;
    for (const t of cSubject) if (qSubject.has(t)) common += 1;
    const dice = qSubject.size + cSubject.size ? (2 * common) / (qSubject.size + cSubject.size) : 0;
    const days = Math.abs(query.createdAt.getTime() - c.createdAt.getTime()) / DAY;
    return [
      query.selfScore > 0 ? Math.min(1.5, c.score / query.selfScore) : 0,
      c.score / best,
      dice,
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

/**
 * Logistic regression by gradient descent with L2 (`lambda`), positives weighted so both
 * classes count alike. Small (a few thousand rows, nine features): fully deterministic.
 */
export function fitDuplicateWeights(
  rows: readonly { x: readonly number[]; y: 0 | 1 }[],
  options: { lambda?: number; iterations?: number; rate?: number } = {},
): DuplicateWeights {
  const lambda = options.lambda ?? 0.01;
  const iterations = options.iterations ?? 3000;
  const rate = options.rate ?? 0.5;
  const d = rows[0]?.x.length ?? FEATURE_NAMES.length;
  const positives = rows.filter((r) => r.y === 1).length;
  const negatives = rows.length - positives;
  const wPos = positives ? rows.length / (2 * positives) : 1;
  const wNeg = negatives ? rows.length / (2 * negatives) : 1;
  const w = new Array<number>(d).fill(0);
  let b = 0;
  for (let it = 0; it < iterations; it++) {
    const grad = new Array<number>(d).fill(0);
    let gradB = 0;
    for (const row of rows) {
      const p = sameProblem(row.x, { bias: b, weights: w });
      const weight = row.y === 1 ? wPos : wNeg;
      const err = (p - row.y) * weight;
      for (let j = 0; j < d; j++) grad[j] = (grad[j] ?? 0) + err * (row.x[j] ?? 0);
      gradB += err;
    }
    for (let j = 0; j < d; j++)
      w[j] = (w[j] ?? 0) - rate * ((grad[j] ?? 0) / rows.length + lambda * (w[j] ?? 0));
    b -= (rate * gradB) / rows.length;
  }
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return { bias: round(b), weights: w.map(round) };
}

/**
 * The desk's own threshold: the same-problem scores of pairs its agents linked as
 * duplicates; a possible duplicate is shown when it scores at least as high as the lowest
 * fifth of those (so about four in five of the kind of duplicates agents find are shown).
 * With fewer than `MIN_LINKS_FOR_CALIBRATION` links, the default chosen on the development
 * pairs. Bounded so that a few odd links cannot hide every suggestion or show every ticket.
 */
export function calibrateThreshold(linkedScores: readonly number[]): { value: number; links: number } {
  if (linkedScores.length < MIN_LINKS_FOR_CALIBRATION)
    return { value: DEFAULT_DUPLICATE_THRESHOLD, links: linkedScores.length };
  const sorted = [...linkedScores].sort((a, b) => a - b);
  const at = sorted[Math.floor(sorted.length * 0.2)] ?? DEFAULT_DUPLICATE_THRESHOLD;
  return { value: Math.min(0.8, Math.max(0.05, Math.round(at * 1000) / 1000)), links: linkedScores.length };
}
