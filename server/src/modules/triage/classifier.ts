/**
 * The triage classifier (CL-4): a class-weighted multinomial naive Bayes over a ticket's terms
 * (TF-IDF transformed, length-normalised; Rennie et al. 2003), combined with a nearest-neighbour
 * vote where the history is small, and calibrated on the newest part of the history (held out in
 * time) so that a confidence of 0.9 is right about nine times in ten. The vote sees either the
 * same terms or, for Chinese text, the character bigrams of the whole text (terms starting with
 * `~`, which the naive Bayes does not see): cross-validation on the desk's own history chooses
 * the view, k and the vote's share, a share of 1 (the plain bigram vote) included, so that the
 * combination is chosen over that vote only where it did better on the desk's history. A
 * neighbour's vote counts (its class's share of the history)^-0.5, so that a rare team's few
 * tickets are not simply outvoted by a common team's many (measured on 31 and on 8 steeply
 * unbalanced classes, docs/performance.md "Many unbalanced classes").
 * Pure: no I/O, deterministic for the same samples. Samples come newest first.
 */

export interface Sample {
  terms: readonly string[];
  label: string;
  /** How much the sample counts (an agent's correction of a suggestion counts more); 1 by default. */
  weight?: number;
}

export interface Prediction {
  label: string;
  probability: number;
}

export interface TrainOptions {
  /** Terms seen in fewer samples than this are ignored (when the history has 500 samples or more). */
  minCount?: number;
  /** Additive smoothing of the term counts. */
  alpha?: number;
  /** How much the class prior counts (0: every class equal, 1: the plain prior); low helps rare classes. */
  priorPower?: number;
  /** Neighbours in the vote. */
  k?: number;
  /** Share of the neighbour vote in the combination; by default it falls with the history size. */
  knnShare?: number;
  /** Share of the history (the newest) held out to calibrate and to measure accuracy. */
  holdout?: number;
  /** Most samples the neighbour vote keeps (the newest). */
  maxNeighbours?: number;
  /** Largest vocabulary (most frequent terms). */
  maxTerms?: number;
  /** What the neighbour vote compares (chosen by the training when the samples have `~` bigrams). */
  view?: NeighbourView;
  /** How much a neighbour's vote is divided by its class's share of the history (0: not at all, 1: fully). */
  voteBalance?: number;
}

export interface Classifier {
  kind: 'nb-knn';
  labels: string[];
  /** Samples it learned from. */
  samples: number;
  terms: string[];
  idf: number[];
  /** Per term: [class, log weight, class, log weight, ...] for the classes that saw it. */
  postings: number[][];
  /** Per class: log weight of a term the class never saw. */
  unseen: number[];
  logPrior: number[];
  /** Scale of the naive Bayes score before the softmax (fitted on held-out history). */
  scale: number;
  knnShare: number;
  k: number;
  /** What the neighbour vote compares: the terms, or the whole text's character bigrams (`~`); terms when absent. */
  view?: NeighbourView;
  /**
   * Per class: what a neighbour's vote is multiplied by, (the class's share of the history)^-voteBalance,
   * so that a rare class's few neighbours are not outvoted by a common class's many; absent: 1.
   */
  voteWeight?: number[] | null;
  /** The neighbours: label index, weight and normalised term vector (term index, value). */
  neighbours: { label: number; weight: number; index: number[]; value: number[] }[];
  /** Temperature of the combined distribution (fitted on held-out history). */
  temperature: number;
  /**
   * The top label's confidence after the temperature -> how often such a top label was right on the
   * held-out history (isotonic, shrunk towards the confidence itself); knots in increasing order.
   */
  reliability?: { confidence: number[]; accuracy: number[] } | null;
  /** Measured on the held-out newest history before the final fit (null when too little history). */
  heldOut: { samples: number; accuracy: number; macroF1: number } | null;
  /** The chosen combination's score on every held-out part (what the training chose by); null when not chosen. */
  crossValidated?: { samples: number; accuracy: number; macroF1: number } | null;
}

/** The model before this one (logistic regression); stored models of that kind still predict. */
export interface LegacyLinearModel {
  labels: string[];
  vocabulary: Record<string, number>;
  size: number;
  weights: number[];
}

export type AnyClassifier = Classifier | LegacyLinearModel;

export type NeighbourView = 'terms' | 'bigrams';

/** Terms with this prefix are seen by the neighbour vote only (the naive Bayes ignores them). */
export const NEIGHBOUR_ONLY = '~';
const isNeighbourOnly = (term: string) => term.charCodeAt(0) === 126; /* '~' */
/** The prefix of the bigrams of text without Chinese characters (neighbour-only, a private-use mark). */
export const LATIN_BIGRAM = '~\ue000';
const isLatinBigram = (term: string) => term.charCodeAt(0) === 126 && term.charCodeAt(1) === 0xe000;

/** The share of the neighbour vote for a history of n samples (chosen on the development split). */
export function defaultKnnShare(n: number): number {
  if (n <= 300) return 0.5;
  if (n >= 20_000) return 0.15;
  const t = (Math.log(n) - Math.log(300)) / (Math.log(20_000) - Math.log(300));
  return 0.5 + t * (0.15 - 0.5);
}

const DEFAULTS = {
  minCount: 2,
  alpha: 0.1,
  priorPower: 0.3,
  k: 10,
  holdout: 0.2,
  maxNeighbours: 5_000,
  maxTerms: 60_000,
  view: 'terms' as NeighbourView,
  voteBalance: 0.5,
};

type Vector = { index: number[]; value: number[] };

function termCounts(terms: readonly string[], lookup: Map<string, number>): Map<number, number> {
  const counts = new Map<number, number>();
  for (const term of terms) {
    const i = lookup.get(term);
    if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1);
  }
  return counts;
}

/** The terms the naive Bayes sees, and the neighbour-only ones (`~`), apart. */
function splitTerms(terms: readonly string[]): { own: string[]; bigrams: string[] } {
  const own: string[] = [];
  const bigrams: string[] = [];
  for (const t of terms) (isNeighbourOnly(t) ? bigrams : own).push(t);
  return { own, bigrams };
}

/** log tf x idf, L2-normalised. */
function vectorize(terms: readonly string[], lookup: Map<string, number>, idf: readonly number[]): Vector {
  const index: number[] = [];
  const value: number[] = [];
  let norm = 0;
  for (const [i, c] of termCounts(terms, lookup)) {
    const v = (1 + Math.log(c)) * (idf[i] ?? 0);
    if (v <= 0) continue;
    index.push(i);
    value.push(v);
    norm += v * v;
  }
  norm = Math.sqrt(norm) || 1;
  for (let j = 0; j < value.length; j++) value[j] = (value[j] ?? 0) / norm;
  return { index, value };
}

interface Runtime {
  lookup: Map<string, number>;
  /** term -> neighbours holding it: [neighbour, value, ...] */
  inverted: Map<number, number[]>;
  /** `nearest`'s similarity per neighbour, all 0 between calls (allocated once, not per call). */
  similarity: Float64Array;
}

const runtimes = new WeakMap<Classifier, Runtime>();

function runtime(model: Classifier): Runtime {
  let r = runtimes.get(model);
  if (r) return r;
  const lookup = new Map<string, number>();
  for (const [i, t] of model.terms.entries()) lookup.set(t, i);
  const inverted = new Map<number, number[]>();
  model.neighbours.forEach((n, d) => {
    for (let j = 0; j < n.index.length; j++) {
      const t = n.index[j] as number;
      let list = inverted.get(t);
      if (!list) {
        list = [];
        inverted.set(t, list);
      }
      list.push(d, n.value[j] ?? 0);
    }
  });
  r = { lookup, inverted, similarity: new Float64Array(model.neighbours.length) };
  runtimes.set(model, r);
  return r;
}

const neighbourShares = new WeakMap<Classifier['neighbours'], number[]>();

/** Each label's share of the neighbours' weight: the vote of a ticket that resembles none of them. */
function neighbourShare(model: Classifier): number[] {
  let share = neighbourShares.get(model.neighbours);
  if (share) return share;
  share = new Array<number>(model.labels.length).fill(0);
  let weight = 0;
  for (const n of model.neighbours) {
    share[n.label] = (share[n.label] ?? 0) + n.weight;
    weight += n.weight;
  }
  for (let c = 0; c < share.length; c++) share[c] = weight > 0 ? (share[c] ?? 0) / weight : 1 / share.length;
  neighbourShares.set(model.neighbours, share);
  return share;
}

/** Naive Bayes scores (per class) of a vector. */
function nbScores(model: Classifier, x: Vector): number[] {
  const classes = model.labels.length;
  const nb = new Array<number>(classes).fill(0);
  // Each class starts from "never saw any of these terms", then the seen terms replace that.
  let mass = 0;
  for (const v of x.value) mass += v;
  for (let c = 0; c < classes; c++) nb[c] = (model.unseen[c] ?? 0) * mass;
  for (let j = 0; j < x.index.length; j++) {
    const posting = model.postings[x.index[j] as number];
    if (!posting) continue;
    const v = x.value[j] ?? 0;
    for (let p = 0; p < posting.length; p += 2) {
      const c = posting[p] as number;
      nb[c] = (nb[c] ?? 0) + v * ((posting[p + 1] ?? 0) - (model.unseen[c] ?? 0));
    }
  }
  return nb;
}

/** The k most similar neighbours of a vector (cosine), best first; ties go to the newer neighbour. */
function nearest(model: Classifier, y: Vector, k: number): [number, number][] {
  const { inverted, similarity } = runtime(model);
  // Scores in a flat array, and the k best kept by insertion (score, then the newer neighbour).
  const touched: number[] = [];
  for (let j = 0; j < y.index.length; j++) {
    const list = inverted.get(y.index[j] as number);
    if (!list) continue;
    const v = y.value[j] ?? 0;
    for (let p = 0; p < list.length; p += 2) {
      const d = list[p] as number;
      if (similarity[d] === 0) touched.push(d);
      similarity[d] = (similarity[d] ?? 0) + v * (list[p + 1] ?? 0);
    }
  }
  const top: [number, number][] = [];
  for (const d of touched) {
    const score = similarity[d] ?? 0;
    const last = top[top.length - 1];
    if (top.length >= k && last && (score < last[1] || (score === last[1] && d > last[0]))) continue;
    let at = top.length;
    while (at > 0) {
      const before = top[at - 1] as [number, number];
      if (before[1] > score || (before[1] === score && before[0] < d)) break;
      at--;
    }
    top.splice(at, 0, [d, score]);
    if (top.length > k) top.pop();
  }
  // Every product is positive, so the touched neighbours are the only ones above 0.
  for (const d of touched) similarity[d] = 0;
  return top;
}

/** The similarity-weighted vote of the first k of the nearest neighbours, as a distribution. */
function vote(model: Classifier, top: readonly [number, number][], k: number): number[] {
  const classes = model.labels.length;
  const knn = new Array<number>(classes).fill(0);
  let total = 0;
  const balance = model.voteWeight;
  for (const [d, s] of top.slice(0, k)) {
    const n = model.neighbours[d];
    if (!n) continue;
    const w = s * n.weight * (balance ? (balance[n.label] ?? 1) : 1);
    knn[n.label] = (knn[n.label] ?? 0) + w;
    total += w;
  }
  // A little mass for every class, so that the vote never rules a class out. A ticket that resembles
  // no neighbour gets the neighbours' label shares (as if each were equally far), not an even split.
  const floor = 0.02;
  const share = total > 0 ? null : neighbourShare(model);
  for (let c = 0; c < classes; c++)
    knn[c] = share ? (share[c] ?? 0) : ((knn[c] ?? 0) / total) * (1 - floor) + floor / classes;
  return knn;
}

const votes = (model: Classifier) => model.neighbours.length > 0 && model.knnShare > 0;

/** A ticket's vector for the naive Bayes (x) and for the neighbour vote of a view (y). */
function vectors(
  terms: readonly string[],
  lookup: Map<string, number>,
  idf: readonly number[],
  view: NeighbourView | undefined,
): { x: Vector; y: Vector } {
  const { own, bigrams } = splitTerms(terms);
  const x = vectorize(own, lookup, idf);
  const y = view === 'bigrams' && bigrams.length ? vectorize(bigrams, lookup, idf) : x;
  return { x, y };
}

function softmax(z: readonly number[]): number[] {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of z) if (v > max) max = v;
  const e = z.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

function combine(
  model: Pick<Classifier, 'logPrior' | 'knnShare'>,
  raw: { nb: number[]; knn: number[] | null },
  scale: number,
  temperature: number,
): number[] {
  const nb = softmax(raw.nb.map((s, c) => s * scale + (model.logPrior[c] ?? 0)));
  const mixed = raw.knn
    ? nb.map((p, c) => (1 - model.knnShare) * p + model.knnShare * (raw.knn?.[c] ?? 0))
    : nb;
  if (temperature === 1) return mixed;
  return softmax(mixed.map((p) => Math.log(Math.max(p, 1e-12)) / temperature));
}

/**
 * What a fit learns from the samples' terms alone: the vocabulary, its IDF and every sample's
 * vectors. The labels and the smoothing do not enter it, so the fits of one training (each alpha
 * on the same part of the history) and of the fields trained on the same history (category,
 * priority and team) share it: `termBase` hands out the one of the current run.
 */
interface TermBase {
  terms: string[];
  lookup: Map<string, number>;
  /** Unrounded (the model stores it rounded). */
  idf: number[];
  /** Each sample's naive Bayes vector (its own terms). */
  vectors: Vector[];
}

/**
 * The term bases made in the current synchronous run, at most a few, dropped when it ends (a
 * training of the three fields is one run; nothing is kept between trainings). A base is reused
 * only for the very same terms arrays in the same order: the same samples' terms, whatever their labels.
 */
const runBases: {
  list: readonly (readonly string[])[];
  minCount: number;
  maxTerms: number;
  base: TermBase;
}[] = [];
/** Five parts and the whole, for a history with and without its Latin bigrams. */
const RUN_BASES = 12;

function termBase(samples: readonly Sample[], minCount: number, maxTerms: number): TermBase {
  const known = runBases.find(
    (e) =>
      e.minCount === minCount &&
      e.maxTerms === maxTerms &&
      e.list.length === samples.length &&
      e.list.every((t, i) => t === samples[i]?.terms),
  );
  if (known) return known.base;
  const documentCount = new Map<string, number>();
  for (const s of samples)
    for (const t of new Set(s.terms)) documentCount.set(t, (documentCount.get(t) ?? 0) + 1);
  // The naive Bayes' terms and the neighbour-only bigrams each keep their most frequent maxTerms.
  const frequent = (entries: [string, number][], least: number) =>
    entries
      .filter(([, c]) => c >= least)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, maxTerms);
  const all = [...documentCount.entries()];
  const kept = [
    ...frequent(
      all.filter(([t]) => !isNeighbourOnly(t)),
      minCount,
    ),
    // Every bigram counts for the vote, as in the plain bigram vote: a bigram that one earlier ticket
    // shares with a new one is often what makes it the nearest (with many small classes, the only one).
    ...frequent(
      all.filter(([t]) => isNeighbourOnly(t)),
      1,
    ),
  ].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const terms = kept.map(([t]) => t);
  const lookup = new Map(terms.map((t, i) => [t, i]));
  const n = samples.length;
  const idf = kept.map(([, c]) => Math.log((1 + n) / (1 + c)) + 1);
  const base = {
    terms,
    lookup,
    idf,
    vectors: samples.map((s) => vectorize(splitTerms(s.terms).own, lookup, idf)),
  };
  if (!runBases.length) queueMicrotask(() => runBases.splice(0));
  runBases.push({ list: samples.map((s) => s.terms), minCount, maxTerms, base });
  if (runBases.length > RUN_BASES) runBases.shift();
  return base;
}

/** The samples' labels and each class's weight and weighted term counts (sorted by term): what every alpha's fit shares. */
interface ClassCounts {
  base: TermBase;
  labels: string[];
  labelIndex: Map<string, number>;
  weightOf: number[];
  perClass: [number, number][][];
  /** Each class's counts summed (in the order the terms were first met). */
  totals: number[];
}

function countClasses(samples: readonly Sample[], options: Required<TrainOptions>): ClassCounts {
  // Small histories keep every term: a rare word is often all a short ticket has.
  const minCount = samples.length >= 500 ? options.minCount : 1;
  const base = termBase(samples, minCount, options.maxTerms);
  const labels = [...new Set(samples.map((s) => s.label))].sort();
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const weightOf = new Array<number>(labels.length).fill(0);
  const perClass: Map<number, number>[] = labels.map(() => new Map());
  samples.forEach((s, i) => {
    const c = labelIndex.get(s.label) as number;
    const w = s.weight ?? 1;
    weightOf[c] = (weightOf[c] ?? 0) + w;
    const x = base.vectors[i] as Vector;
    const counts = perClass[c] as Map<number, number>;
    for (let j = 0; j < x.index.length; j++) {
      const t = x.index[j] as number;
      counts.set(t, (counts.get(t) ?? 0) + w * (x.value[j] ?? 0));
    }
  });
  return {
    base,
    labels,
    labelIndex,
    weightOf,
    perClass: perClass.map((counts) => [...counts.entries()].sort((a, b) => a[0] - b[0])),
    totals: perClass.map((counts) => {
      let total = 0;
      for (const v of counts.values()) total += v;
      return total;
    }),
  };
}

/** Fits the naive Bayes and the neighbours, without calibration (scale 1, temperature 1). */
function fitOnce(
  samples: readonly Sample[],
  options: Required<TrainOptions>,
  knnShare: number,
  view: NeighbourView = 'terms',
  counted: ClassCounts = countClasses(samples, options),
): Classifier {
  const { base, labels, labelIndex, weightOf, perClass, totals } = counted;
  const { terms, lookup, idf, vectors } = base;
  const classes = labels.length;
  const vocabulary = terms.filter((t) => !isNeighbourOnly(t)).length || 1;
  const postings: number[][] = terms.map(() => []);
  const unseen: number[] = [];
  for (let c = 0; c < classes; c++) {
    const denominator = Math.log((totals[c] ?? 0) + options.alpha * vocabulary);
    unseen.push(Math.log(options.alpha) - denominator);
    for (const [t, v] of perClass[c] as [number, number][])
      (postings[t] as number[]).push(c, Math.log(v + options.alpha) - denominator);
  }
  const totalWeight = weightOf.reduce((a, b) => a + b, 0) || 1;
  const logFrequency = weightOf.map((w) => Math.log((w || 1e-9) / totalWeight));
  const logPrior = logFrequency.map((v) => options.priorPower * v);
  const neighbours =
    knnShare > 0
      ? samples.slice(0, options.maxNeighbours).map((s, i) => {
          const bigrams = view === 'bigrams' ? splitTerms(s.terms).bigrams : [];
          const y =
            view === 'bigrams' && bigrams.length ? vectorize(bigrams, lookup, idf) : (vectors[i] as Vector);
          return {
            label: labelIndex.get(s.label) as number,
            weight: s.weight ?? 1,
            index: y.index,
            value: y.value.map((v) => Math.round(v * 1e4) / 1e4),
          };
        })
      : [];
  return {
    kind: 'nb-knn',
    labels,
    samples: samples.length,
    terms,
    idf: idf.map((v) => Math.round(v * 1e4) / 1e4),
    postings: postings.map((p) => p.map((v, j) => (j % 2 ? Math.round(v * 1e4) / 1e4 : v))),
    unseen,
    logPrior,
    scale: 1,
    knnShare,
    k: options.k,
    view,
    voteWeight: voteWeights(logFrequency, options.voteBalance),
    neighbours,
    temperature: 1,
    heldOut: null,
  };
}

/** Per class: (its share / the largest class's share)^-balance, from log shares; null for a balance of 0. */
function voteWeights(logFrequency: readonly number[], balance: number): number[] | null {
  if (!balance) return null;
  const top = Math.max(...logFrequency);
  return logFrequency.map((v) => Math.round(Math.exp(-balance * (v - top)) * 1e4) / 1e4);
}

/** Golden-section search of a one-dimensional function on [lo, hi] (in log space). */
function minimise(f: (x: number) => number, lo: number, hi: number): number {
  const g = (Math.sqrt(5) - 1) / 2;
  let a = lo;
  let b = hi;
  for (let i = 0; i < 40; i++) {
    const c = b - g * (b - a);
    const d = a + g * (b - a);
    if (f(c) < f(d)) b = d;
    else a = c;
  }
  return (a + b) / 2;
}

/** One label's F1 over predictions (0 when it is never predicted right). */
export function labelF1(gold: readonly string[], guess: readonly string[], label: string): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < gold.length; i++) {
    if (guess[i] === label && gold[i] === label) tp++;
    else if (guess[i] === label) fp++;
    else if (gold[i] === label) fn++;
  }
  return tp ? (2 * tp) / (2 * tp + fp + fn) : 0;
}

export function macroF1(gold: readonly string[], guess: readonly string[]): number {
  const labels = [...new Set(gold)];
  let sum = 0;
  for (const label of labels) sum += labelF1(gold, guess, label);
  return labels.length ? sum / labels.length : 0;
}

/** The combinations the training tries on its own held-out history (the best is kept). */
const CHOICES = {
  alpha: [0.05, 0.3],
  priorPower: [0, 0.3, 0.7],
  knnShare: [0, 0.2, 0.4, 0.6, 0.8],
  k: [10, 25],
  view: ['terms'] as NeighbourView[],
  voteBalance: [0.5],
};

/**
 * Where the history keeps `~` bigrams (Chinese text, or many classes: bigramsWhereUseful), the choices also hold the plain
 * character-bigram vote: the bigram view, a share of 1 (the vote alone) and the k a tuned vote
 * would take. Elsewhere the grid stays small: every extra choice is one more chance to pick a
 * combination that was lucky on the held-out parts (measured: English at 200-500 tickets lost
 * 0.01 accuracy with the wide grid).
 */
const CHINESE_CHOICES = {
  ...CHOICES,
  knnShare: [0, 0.2, 0.4, 0.6, 0.8, 1],
  k: [1, 3, 5, 10, 20, 25],
  view: ['terms', 'bigrams'] as NeighbourView[],
};

/**
 * From this many classes a history without Chinese text keeps its character bigrams (the vote's
 * bigram view and the wider choices): with many small classes a new ticket's nearest earlier ticket,
 * found by its characters, is often the only evidence for its class (dev, BANKING77 64 intents made
 * zipf 1.1 (285 tickets of history): accuracy / macro-F1 / rare classes' F1 0.701 / 0.422 / 0.352
 * with the terms alone, 0.739 / 0.452 / 0.378 with the bigrams). Such a history also counts macro-F1
 * twice in the training's choice. With fewer classes they are kept only where the texts are short
 * (SHORT_TEXT).
 */
export const MANY_CLASSES = 20;

/**
 * The Latin bigrams come from the text's first this many characters: where they help, the text is
 * short (BANKING77's queries: 10-80 characters), and a long English ticket's words carry it. Uncut,
 * training 28,000 endava tickets as 64 classes took 34 s of CPU instead of 19 (docs/performance.md, stop 25).
 */
const LATIN_BIGRAM_CHARS = 200;

/**
 * A history without Chinese text whose median text has at most this many Latin bigrams (about as many
 * characters) keeps them whatever its classes: a short request has few words, often misspelt, and
 * its characters carry what its words miss. Dev, 10 histories each (docs/performance.md, stop 27):
 * HWU64 and BANKING77 cut to 8, 12 and 16 intents (median 32 and 46 characters) gained accuracy with
 * them in all 19 cells and macro-F1 in 17, e.g. HWU64 12 intents at 200 tickets 0.741 / 0.743 ->
 * 0.777 / 0.763 (the bigram vote 0.775 / 0.763), BANKING77 16 intents at 206 0.865 / 0.673 -> 0.921 /
 * 0.788 (vote 0.903 / 0.746). Long tickets' words carry them: endava (8 classes, median 175
 * characters) lost with the wider choices (200 tickets: macro-F1 0.578 against 0.569) and keeps its
 * model unchanged.
 */
export const SHORT_TEXT = 100;

/** The median number of Latin bigrams of the history's texts that have any (about their length). */
function medianLatinBigrams(history: readonly Sample[]): number {
  const counts: number[] = [];
  for (const s of history) {
    let n = 0;
    for (const t of s.terms) if (isLatinBigram(t)) n++;
    if (n) counts.push(n);
  }
  counts.sort((a, b) => a - b);
  return counts[counts.length >> 1] ?? 0;
}

const keepsLatin = new WeakMap<AnyClassifier, boolean>();

/** Whether a model kept the Latin bigrams (many classes or short texts): a query needs them only then. */
export function keepsLatinBigrams(model: AnyClassifier | null | undefined): boolean {
  if (!model || !('terms' in model)) return false;
  let keeps = keepsLatin.get(model);
  if (keeps === undefined) {
    keeps = model.terms.some(isLatinBigram);
    keepsLatin.set(model, keeps);
  }
  return keeps;
}

const isChineseBigram = (term: string) => isNeighbourOnly(term) && !isLatinBigram(term);

/**
 * The history as trained, and whether it kept the bigrams of text without Chinese characters
 * (LATIN_BIGRAM): kept with many classes or short texts where most of the history is not Chinese, dropped
 * otherwise (then the model, and every prediction with it, is the one without them: a query's
 * Latin bigrams are not in its vocabulary). A Chinese history keeps its own choices: on SMP2017-31 (dev) the Latin bigrams of
 * its few Latin-only texts moved nothing but the noise.
 */
function bigramsWhereUseful(history: readonly Sample[]): { samples: readonly Sample[]; latin: boolean } {
  if (!history.some((s) => s.terms.some(isLatinBigram))) return { samples: history, latin: false };
  const chinese = history.filter((s) => s.terms.some(isChineseBigram)).length;
  if (
    chinese * 2 < history.length &&
    (new Set(history.map((s) => s.label)).size >= MANY_CLASSES || medianLatinBigrams(history) <= SHORT_TEXT)
  )
    return { samples: history, latin: true };
  const samples = history.map((s) => {
    if (!s.terms.some(isLatinBigram)) return s;
    // The same terms without them for every field trained on this history: their fits share a term base.
    let terms = withoutLatin.get(s.terms);
    if (!terms) {
      terms = s.terms.filter((t) => !isLatinBigram(t));
      withoutLatin.set(s.terms, terms);
    }
    return { ...s, terms };
  });
  return { samples, latin: false };
}

const withoutLatin = new WeakMap<readonly string[], readonly string[]>();

interface HeldOutScore {
  gold: string;
  labels: string[];
  logFrequency: number[];
  /** The naive Bayes scores for each choice of alpha. */
  nb: number[][];
  /** The neighbour vote for each view, k and class balance ((view index * ks + k index) * balances + balance index). */
  knn: number[][];
}

/**
 * Isotonic regression (pool adjacent violators) of "the top label was right" on its confidence,
 * each block shrunk towards its mean confidence by 10 pseudo-observations (a few held-out tickets
 * should not move a confidence far), kept monotone. Null below 40 held-out predictions.
 */
function fitReliability(points: { confidence: number; right: boolean }[]): Classifier['reliability'] {
  if (points.length < 40) return null;
  const sorted = [...points].sort((a, b) => a.confidence - b.confidence);
  const blocks: { n: number; right: number; confidence: number }[] = [];
  for (const p of sorted) {
    blocks.push({ n: 1, right: p.right ? 1 : 0, confidence: p.confidence });
    while (blocks.length > 1) {
      const b = blocks[blocks.length - 1] as (typeof blocks)[number];
      const a = blocks[blocks.length - 2] as (typeof blocks)[number];
      if (a.right / a.n < b.right / b.n) break;
      blocks.splice(blocks.length - 2, 2, {
        n: a.n + b.n,
        right: a.right + b.right,
        confidence: a.confidence + b.confidence,
      });
    }
  }
  const prior = 10;
  const confidence: number[] = [];
  const accuracy: number[] = [];
  for (const b of blocks) {
    const mean = b.confidence / b.n;
    const shrunk = (b.right + prior * mean) / (b.n + prior);
    confidence.push(Math.round(mean * 1e4) / 1e4);
    accuracy.push(Math.round(Math.max(shrunk, accuracy[accuracy.length - 1] ?? 0) * 1e4) / 1e4);
  }
  return { confidence, accuracy };
}

/** A confidence through the reliability knots (linear between them, flat beyond). */
function reliable(r: NonNullable<Classifier['reliability']>, c: number): number {
  const xs = r.confidence;
  const ys = r.accuracy;
  if (!xs.length) return c;
  if (c <= (xs[0] ?? 0)) return ys[0] ?? c;
  for (let i = 1; i < xs.length; i++) {
    const x1 = xs[i] as number;
    if (c <= x1) {
      const x0 = xs[i - 1] as number;
      const t = x1 > x0 ? (c - x0) / (x1 - x0) : 1;
      return (ys[i - 1] as number) + t * ((ys[i] as number) - (ys[i - 1] as number));
    }
  }
  return ys[ys.length - 1] ?? c;
}

/** The same model with the neighbours of another view (vectors from its own vocabulary). */
function withView(
  model: Classifier,
  samples: readonly Sample[],
  view: NeighbourView,
  max: number,
): Classifier {
  const { lookup } = runtime(model);
  const labelIndex = new Map(model.labels.map((l, i) => [l, i]));
  const neighbours = samples.slice(0, max).map((s) => {
    const { y } = vectors(s.terms, lookup, model.idf, view);
    return {
      label: labelIndex.get(s.label) as number,
      weight: s.weight ?? 1,
      index: y.index,
      value: y.value,
    };
  });
  return { ...model, view, neighbours };
}

/**
 * Learns a classifier from samples given newest first. The history is split in time (five
 * contiguous parts below 2,000 samples, else the newest 20%, at most 3,000): each part is
 * predicted by a model of the rest, and on those predictions the training chooses smoothing,
 * class-prior weight, the neighbour view, k and the share of the neighbour vote (accuracy plus
 * macro-F1; a share of 1 is the vote alone), then fits the naive Bayes scale and the temperature
 * (maximum likelihood), and measures accuracy on the newest part. Finally everything is fitted
 * again on the whole history with those choices. Options given explicitly are not chosen.
 */
export function train(history: readonly Sample[], options: TrainOptions = {}): Classifier {
  const { samples, latin } = bigramsWhereUseful(history);
  const given = Object.fromEntries(
    Object.entries(options).filter(([, v]) => v !== undefined),
  ) as TrainOptions;
  const o: Required<TrainOptions> = {
    ...DEFAULTS,
    knnShare: defaultKnnShare(samples.length),
    ...given,
  } as Required<TrainOptions>;
  let scale = 1;
  let temperature = 1;
  let heldOut: Classifier['heldOut'] = null;
  let crossValidated: Classifier['crossValidated'] = null;
  let reliability: Classifier['reliability'] = null;
  const n = samples.length;
  const folds = n < 2_000 ? 5 : 1;
  const foldSize = folds > 1 ? Math.ceil(n / folds) : Math.min(3_000, Math.floor(n * o.holdout));
  const hasBigrams = samples.some((s) => s.terms.some(isNeighbourOnly));
  const classCount = new Set(samples.map((s) => s.label)).size;
  if (n >= 40 && classCount >= 2) {
    // With many classes macro-F1 is mostly the rare classes' F1: it counts twice in the choice
    // (dev, BANKING77 64 intents, zipf 1.1 at 285 tickets: macro-F1 0.452 -> 0.491, rare classes
    // 0.378 -> 0.432; zipf 1.0 at 200: 0.370 -> 0.416, accuracy 0.664 -> 0.693; no cell worse).
    // Only where the Latin bigrams were kept for many classes (English): on Chinese history with 31
    // classes (SMP2017, dev, 10 histories) it did not help (500 tickets: 0.722 / 0.705 against
    // 0.726 / 0.707; 200 and 1,000 level); short English texts of 12-16 classes, level (dev).
    const f1Weight = latin && classCount >= MANY_CLASSES ? 2 : 1;
    const choices = hasBigrams ? CHINESE_CHOICES : CHOICES;
    const alphas = given.alpha !== undefined ? [given.alpha] : choices.alpha;
    const priors = given.priorPower !== undefined ? [given.priorPower] : choices.priorPower;
    const shares = given.knnShare !== undefined ? [given.knnShare] : choices.knnShare;
    const ks = given.k !== undefined ? [given.k] : choices.k;
    const views = given.view !== undefined ? [given.view] : choices.view;
    // The class balance of the vote is fixed while the history is small (five parts of a few hundred
    // tickets measure a rare class too coarsely to choose by); from 2,000 tickets the newest part (up
    // to 3,000) is enough to choose, and an unbalanced vote (0) is tried too: with enough tickets of
    // every class the naive Bayes may need no help (dev: endava 5,000 0.774 / 0.774 against 0.768 /
    // 0.764 with the balance fixed; endava geometric 0.5 at 16,246, macro-F1 0.691 against 0.630).
    const balances =
      given.voteBalance !== undefined
        ? [given.voteBalance]
        : folds > 1
          ? choices.voteBalance
          : [0, ...choices.voteBalance];
    const maxK = Math.max(...ks);
    const voting = Math.max(...shares) > 0;
    // Every part's scores: the naive Bayes for each alpha, the neighbour vote for each view and k.
    const scores: HeldOutScore[] = [];
    for (let f = 0; f < folds; f++) {
      const part = samples.slice(f * foldSize, (f + 1) * foldSize);
      const rest = [...samples.slice(0, f * foldSize), ...samples.slice((f + 1) * foldSize)];
      if (!part.length || !rest.length) continue;
      const counted = countClasses(rest, o);
      const drafts = alphas.map((alpha, a) =>
        fitOnce(rest, { ...o, alpha, priorPower: 1 }, a === 0 && voting ? 1 : 0, 'terms', counted),
      );
      const first = drafts[0] as Classifier;
      const { lookup } = runtime(first);
      const voters = voting
        ? views.map((v) => (v === 'terms' ? first : withView(first, rest, v, o.maxNeighbours)))
        : [];
      // The same voters with each class balance of the vote (the neighbours shared, not copied).
      const balancedVoters = voters.map((voter) =>
        balances.map((b) => ({ ...voter, voteWeight: voteWeights(first.logPrior, b) })),
      );
      for (const s of part) {
        const { own } = splitTerms(s.terms);
        const x = vectorize(own, lookup, first.idf);
        const knn: number[][] = [];
        for (const [v, voter] of voters.entries()) {
          const top = nearest(voter, vectors(s.terms, lookup, first.idf, voter.view).y, maxK);
          for (const k of ks) for (const b of balancedVoters[v] ?? []) knn.push(vote(b, top, k));
        }
        scores.push({
          gold: s.label,
          labels: first.labels,
          logFrequency: first.logPrior,
          nb: drafts.map((d) => nbScores(d, x)),
          knn,
        });
      }
    }
    const goldIndex = scores.map((h) => h.labels.indexOf(h.gold));
    const gold = scores.map((h) => h.gold);
    // `combine` of every held-out score in two steps: the naive Bayes part depends on alpha, the
    // prior and the scale only, so the grid of the vote's choices below reuses it. Each held-out
    // score's prior per prior power, made once (the scale's search calls nbPart forty times).
    const logPriors = new Map(
      priors.map((pp) => [pp, scores.map((h) => h.logFrequency.map((v) => v * pp))] as const),
    );
    const nbPart = (a: number, priorPower: number, sc: number) => {
      const logPrior = logPriors.get(priorPower) ?? [];
      return scores.map((h, i) =>
        combine({ logPrior: logPrior[i] ?? [], knnShare: 0 }, { nb: h.nb[a] ?? [], knn: null }, sc, 1),
      );
    };
    const withVote = (nb: number[][], share: number, knnIndex: number) =>
      share > 0
        ? nb.map((p, i) => {
            const knn = scores[i]?.knn[knnIndex];
            return knn ? p.map((v, c) => (1 - share) * v + share * (knn[c] ?? 0)) : p;
          })
        : nb;
    const loss = (ps: number[][]) => {
      let sum = 0;
      ps.forEach((p, i) => {
        const g = goldIndex[i] as number;
        if (g >= 0) sum -= Math.log(Math.max(p[g] ?? 0, 1e-12));
      });
      return sum;
    };
    let best = null as {
      score: number;
      alpha: number;
      priorPower: number;
      knnShare: number;
      k: number;
      view: NeighbourView;
      voteBalance: number;
      scale: number;
      mixed: number[][];
      accuracy: number;
      macroF1: number;
    } | null;
    for (const [a, alpha] of alphas.entries()) {
      for (const priorPower of priors) {
        const sc = Math.exp(
          minimise((ls) => loss(nbPart(a, priorPower, Math.exp(ls))), Math.log(0.5), Math.log(500)),
        );
        const nb = nbPart(a, priorPower, sc);
        for (const share of shares) {
          // The vote alone does not depend on alpha or the prior: tried once.
          if (share >= 1 && (a > 0 || priorPower !== priors[0])) continue;
          for (const [v, view] of (share > 0 ? views : views.slice(0, 1)).entries()) {
            for (const [kIndex, k] of (share > 0 ? ks : ks.slice(0, 1)).entries()) {
              for (const [bIndex, voteBalance] of (share > 0 ? balances : balances.slice(0, 1)).entries()) {
                const knnIndex = (v * ks.length + kIndex) * balances.length + bIndex;
                const mixed = withVote(nb, share, knnIndex);
                const guesses = mixed.map((p, i) => scores[i]?.labels[p.indexOf(Math.max(...p))] ?? '');
                const accuracy = guesses.filter((g, i) => g === gold[i]).length / gold.length;
                const f1 = macroF1(gold, guesses);
                const score = accuracy + f1Weight * f1;
                if (!best || score > best.score + 1e-9)
                  best = {
                    score,
                    alpha,
                    priorPower,
                    knnShare: share,
                    k,
                    view,
                    voteBalance,
                    scale: sc,
                    mixed,
                    accuracy,
                    macroF1: f1,
                  };
              }
            }
          }
        }
      }
    }
    if (best) {
      o.alpha = best.alpha;
      o.priorPower = best.priorPower;
      o.knnShare = best.knnShare;
      o.k = best.k;
      o.view = best.view;
      o.voteBalance = best.voteBalance;
      scale = best.scale;
      crossValidated = { samples: scores.length, accuracy: best.accuracy, macroF1: best.macroF1 };
      const mixed = best.mixed;
      temperature = Math.exp(
        minimise(
          (lt) => {
            let sum = 0;
            mixed.forEach((p, i) => {
              const g = goldIndex[i] as number;
              if (g < 0) return;
              const q = softmax(p.map((v) => Math.log(Math.max(v, 1e-12)) / Math.exp(lt)));
              sum -= Math.log(Math.max(q[g] ?? 0, 1e-12));
            });
            return sum;
          },
          Math.log(0.2),
          Math.log(5),
        ),
      );
      reliability = fitReliability(
        mixed.map((p, i) => {
          const q = softmax(p.map((v) => Math.log(Math.max(v, 1e-12)) / temperature));
          const top = q.indexOf(Math.max(...q));
          return { confidence: q[top] ?? 0, right: top === goldIndex[i] };
        }),
      );
      // Accuracy on the newest part (tickets whose label the older history never had count as wrong).
      const newest = Math.min(foldSize, scores.length);
      const newestGold = gold.slice(0, newest);
      const guesses = mixed
        .slice(0, newest)
        .map((p, i) => scores[i]?.labels[p.indexOf(Math.max(...p))] ?? '');
      heldOut = {
        samples: newest,
        accuracy: newest ? guesses.filter((g, i) => g === newestGold[i]).length / newest : 0,
        macroF1: macroF1(newestGold, guesses),
      };
    }
  }
  const model = fitOnce(samples, o, o.knnShare, o.view);
  model.scale = scale;
  model.temperature = temperature;
  model.heldOut = heldOut;
  model.crossValidated = crossValidated;
  model.reliability = reliability;
  return model;
}

/** Every label's probability, most probable first. */
export function distribution(model: Classifier, terms: readonly string[]): Prediction[] {
  if (model.labels.length < 2) return certain(model);
  const { lookup } = runtime(model);
  const { x, y } = vectors(terms, lookup, model.idf, model.view);
  return distributionOf(model, x, votes(model) ? nearest(model, y, model.k) : null);
}

/**
 * What the models of one history share, checked once per pair: the vocabulary (the same terms
 * and IDF, hence the same vectors of a ticket) and, for the same view, the neighbours (hence
 * the same similarities). The fields' models are trained on the same history, so they share
 * them unless a field left samples out (a ticket without a team) or chose another view.
 */
const sameVocabulary = pairCheck(
  (a, b) => a.terms.length === b.terms.length && equalArrays(a.terms, b.terms) && equalArrays(a.idf, b.idf),
);
const sameNeighbours = pairCheck(
  (a, b) =>
    (a.view ?? 'terms') === (b.view ?? 'terms') &&
    a.neighbours.length === b.neighbours.length &&
    sameVocabulary(a, b) &&
    a.neighbours.every((n, i) => {
      const m = b.neighbours[i];
      return m !== undefined && equalArrays(n.index, m.index) && equalArrays(n.value, m.value);
    }),
);

function pairCheck(check: (a: Classifier, b: Classifier) => boolean) {
  const known = new WeakMap<Classifier, WeakMap<Classifier, boolean>>();
  return (a: Classifier, b: Classifier): boolean => {
    if (a === b) return true;
    let of = known.get(a);
    if (!of) {
      of = new WeakMap();
      known.set(a, of);
    }
    let same = of.get(b);
    if (same === undefined) {
      same = check(a, b);
      of.set(b, same);
    }
    return same;
  };
}

function equalArrays<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** How many neighbour searches `predictEach` ran and shared, since the process started (tests). */
export const neighbourSearches = { run: 0, shared: 0 };

/**
 * `predict` of one ticket's terms by several models (the category, priority and team of a
 * suggestion): exactly what each would predict alone, but the ticket's vectors are made once per
 * vocabulary and its nearest neighbours searched once per set of models that share them (for
 * the largest k among them: a smaller k's neighbours are its first k, in the same order).
 */
export function predictEach(
  models: readonly AnyClassifier[],
  terms: readonly string[],
): (Prediction | null)[] {
  const voters: Classifier[] = [];
  const searches = new Map<Classifier, { k: number; top?: [number, number][] }>();
  const vectorsOf = new Map<Classifier, { x: Vector; y: Vector }>();
  for (const model of models) {
    if (!('kind' in model) || model.labels.length < 2) continue;
    const twin = [...vectorsOf.keys()].find(
      (m) => sameVocabulary(m, model) && (m.view ?? 'terms') === (model.view ?? 'terms'),
    );
    const made = twin ? vectorsOf.get(twin) : undefined;
    vectorsOf.set(model, made ?? vectors(terms, runtime(model).lookup, model.idf, model.view));
    if (!votes(model)) continue;
    const owner = voters.find((v) => sameNeighbours(v, model));
    if (owner) {
      const search = searches.get(owner) as { k: number };
      search.k = Math.max(search.k, model.k);
      searches.set(model, search);
    } else {
      voters.push(model);
      searches.set(model, { k: model.k });
    }
  }
  return models.map((model) => {
    if (!('kind' in model)) return predictLegacy(model, terms);
    if (model.labels.length < 2) return certain(model)[0] ?? null;
    const { x, y } = vectorsOf.get(model) as { x: Vector; y: Vector };
    const search = searches.get(model);
    if (search && !search.top) {
      search.top = nearest(model, y, search.k);
      neighbourSearches.run += 1;
    } else if (search) neighbourSearches.shared += 1;
    return distributionOf(model, x, search?.top ?? null)[0] ?? null;
  });
}

/** A model of no label says nothing; of one label, that label. */
function certain(model: Classifier): Prediction[] {
  return model.labels.length === 0 ? [] : [{ label: model.labels[0] ?? '', probability: 1 }];
}

/** The distribution from a ticket's naive Bayes vector and its nearest neighbours (best first, at least k). */
function distributionOf(
  model: Classifier,
  x: Vector,
  neighbours: readonly [number, number][] | null,
): Prediction[] {
  const raw = { nb: nbScores(model, x), knn: neighbours ? vote(model, neighbours, model.k) : null };
  const p = combine(model, raw, model.scale, model.temperature);
  if (model.reliability) {
    // The top label's confidence as the held-out history measured it; the others share the rest as
    // before, and the top label stays on top.
    const top = p.indexOf(Math.max(...p));
    const before = p[top] ?? 0;
    let second = 0;
    for (let c = 0; c < p.length; c++) if (c !== top) second = Math.max(second, p[c] ?? 0);
    const after = Math.max(
      reliable(model.reliability, before),
      Math.min(1, second / (1 - before + second) + 1e-9),
    );
    for (let c = 0; c < p.length; c++)
      p[c] =
        c === top
          ? after
          : before < 1
            ? ((p[c] ?? 0) * (1 - after)) / (1 - before)
            : (1 - after) / (p.length - 1);
  }
  // No certainty beyond what the held-out history could show: at most (n + 1) / (n + 2), Laplace's rule.
  const cap = 1 - 1 / ((model.heldOut?.samples ?? model.samples ?? 0) + 2);
  const top = p.indexOf(Math.max(...p));
  const excess = (p[top] ?? 0) - cap;
  if (excess > 0) {
    p[top] = cap;
    for (let c = 0; c < p.length; c++) if (c !== top) p[c] = (p[c] ?? 0) + excess / (p.length - 1);
  }
  return model.labels
    .map((label, c) => ({ label, probability: p[c] ?? 0 }))
    .sort((a, b) => b.probability - a.probability || (a.label < b.label ? -1 : 1));
}

/** The most probable label and its calibrated probability; null for a model without labels. */
export function predict(model: AnyClassifier, terms: readonly string[]): Prediction | null {
  if (!('kind' in model)) return predictLegacy(model, terms);
  return distribution(model, terms)[0] ?? null;
}

function predictLegacy(model: LegacyLinearModel, terms: readonly string[]): Prediction | null {
  if (model.labels.length === 0) return null;
  if (model.labels.length === 1) return { label: model.labels[0] ?? '', probability: 1 };
  const counts = new Map<number, number>();
  for (const term of terms) {
    const i = model.vocabulary[term];
    if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1);
  }
  let norm = 0;
  for (const c of counts.values()) norm += (1 + Math.log(c)) ** 2;
  norm = Math.sqrt(norm) || 1;
  const width = model.size + 1;
  const z = model.labels.map((_, c) => {
    let s = model.weights[c * width + model.size] ?? 0;
    for (const [i, n] of counts) s += ((model.weights[c * width + i] ?? 0) * (1 + Math.log(n))) / norm;
    return s;
  });
  const p = softmax(z);
  const best = p.indexOf(Math.max(...p));
  return { label: model.labels[best] ?? '', probability: p[best] ?? 0 };
}

const CJK_RUN = /[\u3400-\u9fff\uf900-\ufaff]+/g;

/**
 * Character n-grams of a text: bigrams and trigrams of each Chinese run (short Chinese text is
 * often missegmented by a dictionary), and trigrams of each Latin word of five letters or more.
 */
export function characterNgrams(text: string): string[] {
  const out: string[] = [];
  for (const run of text.match(CJK_RUN) ?? []) {
    for (let i = 0; i + 2 <= run.length; i++) out.push(`#${run.slice(i, i + 2)}`);
    for (let i = 0; i + 3 <= run.length; i++) out.push(`#${run.slice(i, i + 3)}`);
  }
  for (const word of text.toLowerCase().match(/[a-z]{5,}/g) ?? []) {
    const padded = ` ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) out.push(`#${padded.slice(i, i + 3)}`);
  }
  return out;
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/**
 * The character bigrams of a whole text (lower-cased, white space as one space), as neighbour-only
 * terms (`~`): the representation of the plain character-bigram vote, which the neighbour vote may
 * use instead of the terms. Text without Chinese characters gets them under LATIN_BIGRAM, which
 * `train` keeps only for histories with many classes or short texts (MANY_CLASSES, SHORT_TEXT).
 */
export function textBigrams(text: string, options: { latin?: boolean } = {}): string[] {
  const chinese = CJK.test(text);
  // A query for models that all dropped them (fewer classes): building them would be work for nothing.
  if (!chinese && options.latin === false) return [];
  const prefix = chinese ? NEIGHBOUR_ONLY : LATIN_BIGRAM;
  const whole = text.trim().toLowerCase().replace(/\s+/g, ' ');
  const s = chinese ? whole : whole.slice(0, LATIN_BIGRAM_CHARS);
  const out: string[] = [];
  for (let i = 0; i + 2 <= s.length; i++) out.push(`${prefix}${s.slice(i, i + 2)}`);
  return out;
}

export interface StructuredFields {
  errorCode?: string | null;
  environment?: string | null;
  channel?: string | null;
  organizationId?: number | null;
}

/** The structured fields as terms of their own (an error code or an organisation often tells the team). */
export function fieldTerms(fields: StructuredFields): string[] {
  const out: string[] = [];
  const clean = (v: string) => v.trim().toLowerCase().replace(/\s+/g, '_').slice(0, 60);
  if (fields.errorCode?.trim()) out.push(`@code:${clean(fields.errorCode)}`);
  if (fields.environment?.trim()) out.push(`@env:${clean(fields.environment)}`);
  if (fields.channel?.trim()) out.push(`@channel:${clean(fields.channel)}`);
  if (fields.organizationId != null) out.push(`@org:${fields.organizationId}`);
  return out;
}
