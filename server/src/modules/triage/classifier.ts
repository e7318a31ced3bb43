/**
 * A multinomial logistic regression over a ticket's terms (log term frequency, L2-normalised),
 * trained by stochastic gradient descent with L2 regularisation. Pure: no I/O, deterministic
 * for the same samples (a seeded shuffle).
 */

export interface Sample {
  terms: readonly string[];
  label: string;
}

export interface LinearModel {
  labels: string[];
  vocabulary: Record<string, number>;
  /** Number of features (vocabulary size); each label also has a bias. */
  size: number;
  /** weights[label][feature], flattened: labels.length x (vocabulary size + 1 bias). */
  weights: number[];
}

export interface Prediction {
  label: string;
  probability: number;
}

export interface TrainOptions {
  epochs?: number;
  learningRate?: number;
  l2?: number;
  /** Terms seen in fewer samples than this are ignored. */
  minCount?: number;
  seed?: number;
}

type Features = { index: number[]; value: number[] };

export function featurize(terms: readonly string[], vocabulary: Record<string, number>): Features {
  const counts = new Map<number, number>();
  for (const term of terms) {
    const index = vocabulary[term];
    if (index !== undefined) counts.set(index, (counts.get(index) ?? 0) + 1);
  }
  const index: number[] = [];
  const value: number[] = [];
  let norm = 0;
  for (const [i, c] of counts) {
    const v = 1 + Math.log(c);
    index.push(i);
    value.push(v);
    norm += v * v;
  }
  norm = Math.sqrt(norm) || 1;
  return { index, value: value.map((v) => v / norm) };
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function train(samples: readonly Sample[], options: TrainOptions = {}): LinearModel {
  const epochs = options.epochs ?? 12;
  const rate = options.learningRate ?? 0.5;
  const l2 = options.l2 ?? 1e-5;
  const minCount = options.minCount ?? 2;
  const labels = [...new Set(samples.map((s) => s.label))].sort();
  const documentCount = new Map<string, number>();
  for (const s of samples)
    for (const t of new Set(s.terms)) documentCount.set(t, (documentCount.get(t) ?? 0) + 1);
  const vocabulary: Record<string, number> = {};
  let size = 0;
  for (const [term, count] of [...documentCount.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (count >= minCount) vocabulary[term] = size++;
  }
  const width = size + 1;
  const weights = new Array<number>(labels.length * width).fill(0);
  const model: LinearModel = { labels, vocabulary, size, weights };
  if (labels.length < 2) return model;
  const data = samples.map((s) => ({ x: featurize(s.terms, vocabulary), y: labels.indexOf(s.label) }));
  const random = mulberry32(options.seed ?? 42);
  const order = data.map((_, i) => i);
  const scores = new Array<number>(labels.length).fill(0);
  let step = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    for (const k of order) {
      const sample = data[k];
      if (!sample) continue;
      const eta = rate / (1 + step++ * 1e-4);
      softmax(model, sample.x, scores);
      for (let c = 0; c < labels.length; c++) {
        const gradient = (scores[c] ?? 0) - (c === sample.y ? 1 : 0);
        const base = c * width;
        for (let f = 0; f < sample.x.index.length; f++) {
          const w = base + (sample.x.index[f] ?? 0);
          weights[w] = (weights[w] ?? 0) * (1 - eta * l2) - eta * gradient * (sample.x.value[f] ?? 0);
        }
        weights[base + size] = (weights[base + size] ?? 0) - eta * gradient;
      }
    }
  }
  return model;
}

function softmax(model: LinearModel, x: Features, out: number[]): void {
  const width = model.size + 1;
  let max = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < model.labels.length; c++) {
    const base = c * width;
    let z = model.weights[base + width - 1] ?? 0;
    for (let f = 0; f < x.index.length; f++)
      z += (model.weights[base + (x.index[f] ?? 0)] ?? 0) * (x.value[f] ?? 0);
    out[c] = z;
    if (z > max) max = z;
  }
  let sum = 0;
  for (let c = 0; c < model.labels.length; c++) {
    out[c] = Math.exp((out[c] ?? 0) - max);
    sum += out[c] ?? 0;
  }
  for (let c = 0; c < model.labels.length; c++) out[c] = (out[c] ?? 0) / sum;
}

/** The most probable label and its probability; null for a model without two labels. */
export function predict(model: LinearModel, terms: readonly string[]): Prediction | null {
  if (model.labels.length === 0) return null;
  if (model.labels.length === 1) return { label: model.labels[0] ?? '', probability: 1 };
  const scores = new Array<number>(model.labels.length).fill(0);
  softmax(model, featurize(terms, model.vocabulary), scores);
  let best = 0;
  for (let c = 1; c < scores.length; c++) if ((scores[c] ?? 0) > (scores[best] ?? 0)) best = c;
  return { label: model.labels[best] ?? '', probability: scores[best] ?? 0 };
}
