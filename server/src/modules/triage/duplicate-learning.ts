/**
 * Learning the same-problem score from linked pairs (issue 16), and the threshold from the
 * desk's own duplicate-of links. Pure.
 */
import { type DuplicateWeights, sameProblem } from './duplicate-score.ts';

/** Shown as possible duplicates when the desk has fewer than this many duplicate-of links. */
export const MIN_LINKS_FOR_CALIBRATION = 10;
/**
 * The threshold without enough of the desk's own links: what `calibrateThreshold` gives for
 * the development pairs (0.094 with the weights above; about 2 shown per ticket, 0.42 of them
 * known duplicates, the known duplicate among them for 0.79 of the tickets).
 */
export const DEFAULT_DUPLICATE_THRESHOLD = 0.1;

/** The candidates of one query (its text search's best matches), `y` 1 for its known duplicates. */
export type CandidateGroup = readonly { x: readonly number[]; y: 0 | 1 }[];

/**
 * Weights that rank a query's known duplicates above its other candidates: a listwise
 * (softmax over each query's candidates) log-likelihood with L2 `lambda`, by gradient
 * descent; then a scale and bias (Platt) so that the score is the probability that a
 * candidate is a duplicate among such candidates. Deterministic.
 */
export function fitDuplicateWeights(
  groups: readonly CandidateGroup[],
  options: { lambda?: number; iterations?: number; rate?: number } = {},
): DuplicateWeights {
  const lambda = options.lambda ?? 0.01;
  const iterations = options.iterations ?? 2000;
  const rate = options.rate ?? 0.5;
  const usable = groups.filter((g) => g.some((r) => r.y === 1) && g.some((r) => r.y === 0));
  const d = usable[0]?.[0]?.x.length ?? 0;
  const w = new Array<number>(d).fill(0);
  const dot = (x: readonly number[]) => x.reduce((s, v, j) => s + v * (w[j] ?? 0), 0);
  for (let it = 0; it < iterations && usable.length; it++) {
    const grad = new Array<number>(d).fill(0);
    for (const group of usable) {
      const z = group.map((r) => dot(r.x));
      const top = Math.max(...z);
      const e = z.map((v) => Math.exp(v - top));
      const all = e.reduce((a, b) => a + b, 0);
      const pos = group.reduce((a, r, i) => a + (r.y === 1 ? (e[i] ?? 0) : 0), 0);
      group.forEach((r, i) => {
        // d(-log(pos/all)) / dz_i = p_i - (y_i ? e_i / pos : 0)
        const g = (e[i] ?? 0) / all - (r.y === 1 ? (e[i] ?? 0) / pos : 0);
        for (let j = 0; j < d; j++) grad[j] = (grad[j] ?? 0) + g * (r.x[j] ?? 0);
      });
    }
    for (let j = 0; j < d; j++)
      w[j] = (w[j] ?? 0) - rate * ((grad[j] ?? 0) / usable.length + lambda * (w[j] ?? 0));
  }
  // Platt: p = sigmoid(a z + b) over every candidate row.
  const rows = groups.flatMap((g) => g.map((r) => ({ z: dot(r.x), y: r.y })));
  let a = 1;
  let b = 0;
  for (let it = 0; it < 3000 && rows.length; it++) {
    let ga = 0;
    let gb = 0;
    for (const r of rows) {
      const err = sameProblem([r.z], { bias: b, weights: [a] }) - r.y;
      ga += err * r.z;
      gb += err;
    }
    a -= (0.5 * ga) / rows.length;
    b -= (0.5 * gb) / rows.length;
  }
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return { bias: round(b), weights: w.map((v) => round(v * a)) };
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
  const sorted = [...linkedScores].sort((x, y) => x - y);
  const at = sorted[Math.floor(sorted.length * 0.2)] ?? DEFAULT_DUPLICATE_THRESHOLD;
  return { value: Math.min(0.8, Math.max(0.02, Math.round(at * 1000) / 1000)), links: linkedScores.length };
}
