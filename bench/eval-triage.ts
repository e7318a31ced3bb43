/**
 * Triage on real history (issue 16), in process: the classifier of server/src/modules/triage
 * against a character-bigram nearest-neighbour vote computed here, on
 *  - ../shared/data/triage-endava/tickets.csv (47,837 real English IT tickets, 8 categories):
 *    test = rows whose sha1(row number) is divisible by 5 (the split SOURCE.md suggests), dev =
 *    sha1 = 1 mod 5, history drawn from the rest in a seeded order;
 *  - generated Chinese history (bench/lib/triage-history.ts; GENERATED, not real tickets):
 *    category, team, priority.
 * Learning curves at 200, 500, 1,000, 5,000 tickets of history; accuracy and macro-F1; the
 * baseline's k chosen on the dev split per size; a reliability diagram on the test split; the
 * cost of a suggestion (terms + prediction), p50/p95.
 *
 *   node bench/eval-triage.ts [--split test|dev] [--sizes 200,500,1000,5000|all] [--seeds 3]
 *        [--test-cap 3000] [--out bench/results/issue16-triage.json]
 *        [--extra file.jsonl --extra-name zh-real --datasets extra]
 *        [--classifier .tmp/old/classifier.ts]   (an older copy, for before/after)
 *        [--prior-power x --knn-share x --alpha x --k n]   (dev-split tuning only)
 *        [--imbalance geometric:0.5 | zipf:1.1]   (made steeply unbalanced, see below)
 *        [--labels 12:16]   (--extra: the rows of 12 of its labels, chosen with seed 16)
 *        [--rare-share 0.02]
 *
 * --imbalance geometric:R subsamples endava's history pool, dev and test splits (each on its own,
 * seeded, before the test cap) so that its classes, in order of their size in the whole file, keep
 * counts in the ratio 1 : R : R^2 ... (at 0.5: 1 : 1/2 ... 1/128; shares 50% down to 0.4%), the
 * largest class as large as that ratio allows: the many-rare-classes case on real English text.
 * --imbalance zipf:S (endava or --extra): the labels ranked by their size in the whole file (ties in a
 * seeded order), at most 64 kept, rank r with round(n1 / r^S) items (at least 1, at most what it has),
 * n1 the largest label's items in that split; each split subsampled on its own, seeded.
 * Every row reports, beside accuracy and macro-F1, the rare classes' F1 (the mean F1 of the labels
 * whose share of the dataset's whole history pool is below --rare-share) for both methods.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { registerModuleErrors } from '../server/src/modules/errors.ts';
import { DEFAULT_MATRIX, derivePriority } from '../server/src/modules/tickets/index.ts';
import type * as Current from '../server/src/modules/triage/classifier.ts';
import { labelF1 } from '../server/src/modules/triage/classifier.ts';
import { ticketTerms as currentTerms } from '../server/src/modules/triage/train-triage.ts';
import { parseCsv } from './lib/csv.ts';
import { generateHistory } from './lib/triage-history.ts';

// Use cases are called here without the app: their error codes are registered as the registry does.
registerModuleErrors();

const { values } = parseArgs({
  options: {
    split: { type: 'string', default: 'test' },
    sizes: { type: 'string', default: '200,500,1000,5000' },
    seeds: { type: 'string', default: '3' },
    'test-cap': { type: 'string', default: '3000' },
    datasets: { type: 'string', default: 'endava,zh-generated' },
    data: { type: 'string', default: '../shared/data/triage-endava/tickets.csv' },
    /** Third-party labelled text, one {"text","label"} per line (not committed): the dataset "extra". */
    extra: { type: 'string' },
    'extra-name': { type: 'string', default: 'extra' },
    out: { type: 'string' },
    'prior-power': { type: 'string' },
    'knn-share': { type: 'string' },
    alpha: { type: 'string' },
    k: { type: 'string' },
    /** Dev split only: e.g. "priorPower=0,0.3;knnShare=0.3,0.5" logs every combination. */
    grid: { type: 'string' },
    /** An older copy of classifier.ts (before/after); its terms leave out the `~` bigrams it did not know. */
    classifier: { type: 'string' },
    /** endava only: "geometric:R" (class sizes in the ratio 1 : R : R^2 ..., seeded). */
    imbalance: { type: 'string' },
    /** --extra only: "N:SEED" keeps the rows of N labels, the sorted labels shuffled with mulberry32(SEED). */
    labels: { type: 'string' },
    /** A label is rare below this share of the history pool (its F1 reported apart). */
    'rare-share': { type: 'string', default: '0.02' },
  },
});
const classifierModule = (await import(
  values.classifier
    ? new URL(values.classifier, `file://${process.cwd()}/`).href
    : '../server/src/modules/triage/classifier.ts'
)) as typeof Current;
const { macroF1, predict, train } = classifierModule;
/** A copy older than the `~` bigrams (fifth round) does not know them: its terms leave them out. */
const knowsBigrams = 'textBigrams' in classifierModule;
const ticketTerms = (subject: string, description: string) => {
  const terms = currentTerms(subject, description);
  return knowsBigrams ? terms : terms.filter((t) => !t.startsWith('~'));
};
const split = values.split === 'dev' ? 'dev' : 'test';
/** "all" is the whole history pool of a dataset. */
const sizeList = values.sizes.split(',').map((v) => (v === 'all' ? Number.POSITIVE_INFINITY : Number(v)));
const seeds = Number(values.seeds);
const cap = Number(values['test-cap']);
const rareShare = Number(values['rare-share']);
/** --imbalance geometric:R (endava) or zipf:S (endava and extra). */
const imbalanceSpec = (() => {
  if (!values.imbalance) return null;
  const m = /^(geometric|zipf):([0-9.]+)$/.exec(values.imbalance);
  const value = Number(m?.[2]);
  if (m?.[1] === 'geometric' && value > 0 && value <= 1) return { kind: 'geometric' as const, value };
  if (m?.[1] === 'zipf' && value > 0 && value <= 3) return { kind: 'zipf' as const, value };
  throw new Error(`--imbalance: expected geometric:R (0 < R <= 1) or zipf:S (0 < S <= 3)`);
})();
const imbalance = imbalanceSpec?.kind === 'geometric' ? imbalanceSpec.value : null;
/** zipf keeps at most this many labels (the issue's 64 teams). */
const ZIPF_LABELS = 64;
const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
const options = {
  priorPower: num(values['prior-power']),
  knnShare: num(values['knn-share']),
  alpha: num(values.alpha),
  k: num(values.k),
};

interface Item {
  text: string;
  terms: string[];
  labels: Record<string, string>;
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
function shuffled<T>(list: readonly T[], seed: number): T[] {
  const out = [...list];
  const random = mulberry32(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
const sha1mod5 = (i: number | string) =>
  Number(BigInt(`0x${createHash('sha1').update(String(i)).digest('hex')}`) % 5n);

/**
 * Items kept so that the labels, ranked by \`order\`, have counts in the ratio 1 : ratio : ratio^2 ...
 * (the first as large as every label's supply allows), each label's items a seeded sample.
 */
function geometric<T extends { labels: Record<string, string> }>(
  items: readonly T[],
  order: readonly string[],
  ratio: number,
  seed: number,
): T[] {
  const byLabel = new Map<string, T[]>(order.map((l) => [l, []]));
  for (const item of items) byLabel.get(item.labels.category ?? '')?.push(item);
  let first = Number.POSITIVE_INFINITY;
  order.forEach((l, i) => {
    first = Math.min(first, (byLabel.get(l)?.length ?? 0) / ratio ** i);
  });
  const kept = order.flatMap((l, i) =>
    shuffled(byLabel.get(l) ?? [], seed + i).slice(0, Math.max(1, Math.floor(first * ratio ** i))),
  );
  return shuffled(kept, seed);
}

/**
 * Items kept so that the labels, ranked by \`order\` (at most ZIPF_LABELS of them), have counts
 * proportional to 1/rank^s: the first keeps all its items, rank r keeps round(first / r^s) (at least
 * one) or all it has if fewer; labels outside \`order\` are dropped. Each label's items a seeded sample.
 */
function zipf<T extends { labels: Record<string, string> }>(
  items: readonly T[],
  order: readonly string[],
  s: number,
  seed: number,
): T[] {
  const kept = order.slice(0, ZIPF_LABELS);
  const byLabel = new Map<string, T[]>(kept.map((l) => [l, []]));
  for (const item of items) byLabel.get(item.labels.category ?? '')?.push(item);
  const first = byLabel.get(kept[0] ?? '')?.length ?? 0;
  const out = kept.flatMap((l, i) =>
    shuffled(byLabel.get(l) ?? [], seed + i).slice(0, Math.max(1, Math.round(first / (i + 1) ** s))),
  );
  return shuffled(out, seed);
}

/** Labels by their count in \`items\`, largest first, ties in a seeded order. */
function labelsBySize(items: readonly { labels: Record<string, string> }[]): string[] {
  const counts = labelCounts(items, 'category');
  const tieOrder = new Map(shuffled([...counts.keys()].sort(), 16).map((l, i) => [l, i]));
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (tieOrder.get(a[0]) ?? 0) - (tieOrder.get(b[0]) ?? 0))
    .map(([l]) => l);
}

/** How many items carry each label of a field. */
function labelCounts(
  items: readonly { labels: Record<string, string> }[],
  field: string,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const l = item.labels[field] ?? '';
    counts.set(l, (counts.get(l) ?? 0) + 1);
  }
  return counts;
}

/** The kept labels' counts in the history pool, and the largest one's share. */
function zipfProfile(
  pool: readonly { labels: Record<string, string> }[],
  order: readonly string[],
  s: number,
): string {
  const kept = labelCounts(pool, 'category');
  const sizes = order.slice(0, ZIPF_LABELS).map((l) => kept.get(l) ?? 0);
  return `; made unbalanced (zipf ${s}, ${sizes.length} labels), history pool per rank: ${sizes.join(' ')} (largest ${Math.round((100 * (sizes[0] ?? 0)) / (pool.length || 1))}%)`;
}

/**
 * The splits by hash (0 test, 1 dev, the rest the history pool), made unbalanced when --imbalance is
 * zipf:S (the labels ranked by their size in the whole set), with the pool's profile for the note.
 */
function splits<T extends { labels: Record<string, string> }>(
  items: readonly { hash: number; item: T }[],
): { pool: T[]; dev: T[]; test: T[]; profile: string } {
  const test = items.filter((x) => x.hash === 0).map((x) => x.item);
  const dev = items.filter((x) => x.hash === 1).map((x) => x.item);
  const pool = items.filter((x) => x.hash >= 2).map((x) => x.item);
  if (imbalanceSpec?.kind !== 'zipf') return { pool, dev, test, profile: '' };
  const s = imbalanceSpec.value;
  const order = labelsBySize(items.map((x) => x.item));
  const kept = zipf(pool, order, s, 101);
  return {
    pool: kept,
    dev: zipf(dev, order, s, 102),
    test: zipf(test, order, s, 103),
    profile: zipfProfile(kept, order, s),
  };
}

/** The labels whose share of the history pool is below --rare-share. */
function rareLabels(pool: readonly Item[], field: string): Set<string> {
  const counts = labelCounts(pool, field);
  return new Set([...counts].filter(([, c]) => c < rareShare * pool.length).map(([l]) => l));
}

/** Mean F1 over the given labels (each label's F1 as in macro-F1); null without such labels. */
function meanF1(
  gold: readonly string[],
  guess: readonly string[],
  labels: ReadonlySet<string>,
): number | null {
  const present = [...labels].filter((l) => gold.includes(l));
  if (!present.length) return null;
  return present.reduce((sum, label) => sum + labelF1(gold, guess, label), 0) / present.length;
}

/** The baseline: cosine over character bigrams (log tf x idf), a similarity-weighted vote of the k nearest. */
function bigrams(text: string): Map<string, number> {
  const s = text.toLowerCase().replace(/\s+/g, ' ');
  const m = new Map<string, number>();
  for (let i = 0; i + 2 <= s.length; i++) {
    const g = s.slice(i, i + 2);
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}
function bigramNeighbours(
  history: Item[],
  queries: Item[],
  maxK: number,
): { index: number; score: number }[][] {
  const df = new Map<string, number>();
  const raw = history.map((h) => bigrams(h.text));
  for (const v of raw) for (const g of v.keys()) df.set(g, (df.get(g) ?? 0) + 1);
  const n = history.length;
  const weigh = (v: Map<string, number>) => {
    const out: [string, number][] = [];
    let norm = 0;
    for (const [g, c] of v) {
      const d = df.get(g);
      if (!d) continue;
      const w = (1 + Math.log(c)) * (Math.log((1 + n) / (1 + d)) + 1);
      out.push([g, w]);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    return out.map(([g, w]) => [g, w / norm] as [string, number]);
  };
  const inverted = new Map<string, number[]>();
  raw.forEach((v, d) => {
    for (const [g, w] of weigh(v)) {
      let list = inverted.get(g);
      if (!list) {
        list = [];
        inverted.set(g, list);
      }
      list.push(d, w);
    }
  });
  return queries.map((q) => {
    const sim = new Float64Array(n);
    for (const [g, w] of weigh(bigrams(q.text))) {
      const list = inverted.get(g);
      if (!list) continue;
      for (let p = 0; p < list.length; p += 2) {
        const d = list[p] as number;
        sim[d] = (sim[d] ?? 0) + w * (list[p + 1] as number);
      }
    }
    const top: { index: number; score: number }[] = [];
    for (let d = 0; d < n; d++) {
      const s = sim[d] as number;
      if (top.length < maxK || s > (top[top.length - 1]?.score ?? 0)) {
        top.push({ index: d, score: s });
        top.sort((a, b) => b.score - a.score);
        if (top.length > maxK) top.pop();
      }
    }
    return top;
  });
}
function vote(history: Item[], top: { index: number; score: number }[], k: number, field: string): string {
  const tally = new Map<string, number>();
  for (const t of top.slice(0, k)) {
    const label = history[t.index]?.labels[field] ?? '';
    tally.set(label, (tally.get(label) ?? 0) + t.score + 1e-9);
  }
  let best = '';
  let bestScore = -1;
  for (const [label, s] of tally)
    if (s > bestScore || (s === bestScore && label < best)) {
      best = label;
      bestScore = s;
    }
  return best;
}

const round = (v: number, d = 3) => Math.round(v * 10 ** d) / 10 ** d;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / (xs.length || 1);
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

interface Dataset {
  name: string;
  note: string;
  fields: string[];
  pool: Item[];
  dev: Item[];
  test: Item[];
}

async function endava(): Promise<Dataset> {
  const rows = parseCsv(await readFile(values.data, 'utf8'));
  const items = rows.map((r, i) => ({
    hash: sha1mod5(i),
    item: {
      text: r.Document ?? '',
      terms: ticketTerms('', r.Document ?? ''),
      labels: { category: r.Topic_group ?? '' },
    },
  }));
  let { test, dev, pool, profile } = splits(items);
  if (imbalance !== null) {
    // Labels in order of their size in the whole file (ties by name): the commonest stays the commonest.
    const counts = labelCounts(
      items.map((x) => x.item),
      'category',
    );
    const order = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([l]) => l);
    pool = geometric(pool, order, imbalance, 101);
    dev = geometric(dev, order, imbalance, 102);
    test = geometric(test, order, imbalance, 103);
    const kept = labelCounts(pool, 'category');
    profile = `; made unbalanced (geometric ${imbalance}), history pool per label: ${order.map((l) => `${l} ${kept.get(l) ?? 0}`).join(', ')}`;
  }
  return {
    name:
      imbalanceSpec?.kind === 'zipf'
        ? `endava-zipf-${imbalanceSpec.value}`
        : imbalance !== null
          ? `endava-geometric-${imbalance}`
          : 'endava',
    note: `real English IT tickets (${rows.length}): test ${test.length} (sha1(row) % 5 = 0), dev ${dev.length}, history pool ${pool.length}${profile}`,
    fields: ['category'],
    pool,
    dev: shuffled(dev, 7).slice(0, cap),
    test: shuffled(test, 7).slice(0, cap),
  };
}

function chineseGenerated(): Dataset {
  const zh = (count: number, seed: number) =>
    generateHistory(count, seed)
      .filter((t) => t.language === 'zh')
      .map((t) => ({
        text: `${t.subject}\n${t.description}`,
        terms: ticketTerms(t.subject, t.description),
        labels: {
          category: t.category,
          team: t.team,
          priority: derivePriority(DEFAULT_MATRIX, t.impact, t.urgency),
        },
      }));
  const pool = zh(11_000, 1);
  const test = zh(Math.ceil(cap / 0.55), 2).slice(0, cap);
  const dev = zh(Math.ceil(cap / 0.55), 3).slice(0, cap);
  return {
    name: 'zh-generated',
    note: `GENERATED Chinese history (bench/lib/triage-history.ts, seeds 1 history / 2 test / 3 dev): not real tickets; ${pool.length} history, ${test.length} test`,
    fields: ['category', 'team', 'priority'],
    pool,
    dev,
    test,
  };
}

/**
 * A labelled set given by --extra (e.g. real short Chinese text): test = sha1(text) % 5 = 0, dev = 1,
 * history pool the rest (the same text always falls on the same side); the text is a ticket's description.
 */
async function extra(path: string): Promise<Dataset> {
  const all = (await readFile(path, 'utf8'))
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { text: string; label: string });
  // --labels N:SEED: a desk with fewer classes, the same texts (the rows keep their order).
  const subset = values.labels ? /^(\d+):(\d+)$/.exec(values.labels) : null;
  if (values.labels && !subset) throw new Error('--labels: expected N:SEED');
  const kept = subset
    ? new Set(
        shuffled([...new Set(all.map((r) => r.label))].sort(), Number(subset[2])).slice(0, Number(subset[1])),
      )
    : null;
  const rows = kept ? all.filter((r) => kept.has(r.label)) : all;
  const items = rows.map((r) => ({
    hash: sha1mod5(r.text),
    item: { text: r.text, terms: ticketTerms('', r.text), labels: { category: r.label } },
  }));
  const { test, dev, pool, profile } = splits(items);
  const labels = new Set(rows.map((r) => r.label)).size;
  return {
    name:
      imbalanceSpec?.kind === 'zipf'
        ? `${values['extra-name']}-zipf-${imbalanceSpec.value}`
        : values['extra-name'],
    note: `${path}${kept ? ` (--labels ${values.labels})` : ''}: ${rows.length} rows, ${labels} labels; test ${test.length} (sha1(text) % 5 = 0), dev ${dev.length}, history pool ${pool.length}${profile}`,
    fields: ['category'],
    pool,
    dev: shuffled(dev, 7).slice(0, cap),
    test: shuffled(test, 7).slice(0, cap),
  };
}

const report: Record<string, unknown> = {
  split,
  options,
  machine: 'see docs/performance.md',
  datasets: {} as Record<string, unknown>,
};
for (const name of values.datasets.split(',')) {
  const started = performance.now();
  const data =
    name === 'endava'
      ? await endava()
      : name === 'extra'
        ? await extra(values.extra ?? '')
        : chineseGenerated();
  const queries = split === 'dev' ? data.dev : data.test;
  console.error(`${data.name}: ${data.note}; loaded in ${round((performance.now() - started) / 1000, 1)} s`);
  const curve: Record<string, unknown>[] = [];
  const reliability: Record<string, unknown> = {};
  let latency: Record<string, number> = {};
  const sizes = [...new Set(sizeList.map((v) => (Number.isFinite(v) ? v : data.pool.length)))];
  for (const size of sizes) {
    if (size > data.pool.length) continue;
    for (const field of data.fields) {
      const runs: {
        acc: number;
        f1: number;
        bAcc: number;
        bF1: number;
        rare: number | null;
        bRare: number | null;
        k: number;
        heldOut: number | null;
        chosen: string;
      }[] = [];
      const conf: { p: number; ok: boolean }[] = [];
      const rare = rareLabels(data.pool, field);
      for (let seed = 1; seed <= (size >= 5000 ? 1 : seeds); seed++) {
        const history = shuffled(data.pool, seed * 1000 + size).slice(0, size);
        // The baseline's k: chosen on the dev split for this history (never on the test split).
        const devTop = bigramNeighbours(history, data.dev.slice(0, 1000), 20);
        let bestK = 1;
        let bestDev = -1;
        for (const k of [1, 3, 5, 10, 20]) {
          const guesses = data.dev.slice(0, 1000).map((_, i) => vote(history, devTop[i] ?? [], k, field));
          const gold = data.dev.slice(0, 1000).map((q) => q.labels[field] ?? '');
          const s = guesses.filter((g, i) => g === gold[i]).length / gold.length + macroF1(gold, guesses);
          if (s > bestDev) {
            bestDev = s;
            bestK = k;
          }
        }
        const top = bigramNeighbours(history, queries, 20);
        const gold = queries.map((q) => q.labels[field] ?? '');
        const baseline = queries.map((_, i) => vote(history, top[i] ?? [], bestK, field));
        if (values.grid && split === 'dev') {
          let combos: Record<string, number | string>[] = [{}];
          for (const part of values.grid.split(';')) {
            const [key, list] = part.split('=');
            combos = combos.flatMap((c) =>
              (list ?? '')
                .split(',')
                .map((v) => ({ ...c, [key ?? '']: Number.isNaN(Number(v)) ? v : Number(v) })),
            );
          }
          for (const combo of combos) {
            const m = train(
              history.map((h) => ({ terms: h.terms, label: h.labels[field] ?? '' })),
              { ...options, ...combo },
            );
            const g = queries.map((q) => predict(m, q.terms)?.label ?? '');
            console.error(
              `grid ${data.name} ${size} ${field} seed ${seed} ${JSON.stringify(combo)} acc ${round(g.filter((x, i) => x === gold[i]).length / gold.length)} f1 ${round(macroF1(gold, g))} rare ${round(meanF1(gold, g, rareLabels(data.pool, field)) ?? 0)} cv ${round(m.crossValidated?.accuracy ?? 0)}/${round(m.crossValidated?.macroF1 ?? 0)} chose ${m.view} ${m.knnShare} ${m.k} prior ${m.logPrior.length} `,
            );
          }
        }
        const model = train(
          history.map((h) => ({ terms: h.terms, label: h.labels[field] ?? '' })),
          options,
        );
        const times: number[] = [];
        const guesses = queries.map((q) => {
          const t0 = performance.now();
          const p = predict(model, data.name.startsWith('endava') ? ticketTerms('', q.text) : q.terms);
          times.push(performance.now() - t0);
          return p;
        });
        const labels = guesses.map((g) => g?.label ?? '');
        guesses.forEach((g, i) => {
          conf.push({ p: g?.probability ?? 0, ok: labels[i] === gold[i] });
        });
        if (size === Math.max(...sizes.filter((s) => s <= data.pool.length)) && field === data.fields[0])
          latency = {
            historySize: size,
            p50ms: round(percentile(times, 50), 2),
            p95ms: round(percentile(times, 95), 2),
            maxMs: round(Math.max(...times), 2),
          };
        runs.push({
          acc: labels.filter((g, i) => g === gold[i]).length / gold.length,
          f1: macroF1(gold, labels),
          bAcc: baseline.filter((g, i) => g === gold[i]).length / gold.length,
          bF1: macroF1(gold, baseline),
          rare: meanF1(gold, labels, rare),
          bRare: meanF1(gold, baseline, rare),
          k: bestK,
          heldOut: model.heldOut?.accuracy ?? null,
          chosen: `${model.view ?? 'terms'} share ${model.knnShare} k ${model.k}`,
        });
      }
      const row = {
        size,
        field,
        runs: runs.length,
        accuracy: round(mean(runs.map((r) => r.acc))),
        macroF1: round(mean(runs.map((r) => r.f1))),
        baselineAccuracy: round(mean(runs.map((r) => r.bAcc))),
        baselineMacroF1: round(mean(runs.map((r) => r.bF1))),
        /** Mean F1 of the rare labels (share of the history pool below --rare-share), and the baseline's. */
        rareLabels: rare.size,
        rareF1: round(mean(runs.flatMap((r) => (r.rare === null ? [] : [r.rare])))),
        baselineRareF1: round(mean(runs.flatMap((r) => (r.bRare === null ? [] : [r.bRare])))),
        baselineK: runs.map((r) => r.k).join('/'),
        heldOutAccuracy: round(mean(runs.map((r) => r.heldOut ?? 0))),
        wins: runs.filter((r) => r.acc > r.bAcc && r.f1 > r.bF1).length,
        /** Each run: accuracy / macro-F1 / rare classes' F1, then the baseline's. */
        perRun: runs
          .map(
            (r) =>
              `${round(r.acc)}/${round(r.f1)}${r.rare === null ? '' : `/${round(r.rare)}`} vs ${round(r.bAcc)}/${round(r.bF1)}${r.bRare === null ? '' : `/${round(r.bRare)}`}`,
          )
          .join('; '),
        /** What each run's training chose for the neighbour vote: view, share, k. */
        chosen: runs.map((r) => r.chosen).join('; '),
      };
      // Reliability: confidence bins of 0.1 against the share right.
      const bins = Array.from({ length: 10 }, (_, b) => ({
        from: b / 10,
        to: (b + 1) / 10,
        n: 0,
        confidence: 0,
        accuracy: 0,
      }));
      for (const c of conf) {
        const bin = bins[Math.min(9, Math.floor(c.p * 10))];
        if (!bin) continue;
        bin.n++;
        bin.confidence += c.p;
        bin.accuracy += c.ok ? 1 : 0;
      }
      let ece = 0;
      for (const bin of bins) {
        if (bin.n) {
          ece += (bin.n / conf.length) * Math.abs(bin.confidence / bin.n - bin.accuracy / bin.n);
          bin.confidence = round(bin.confidence / bin.n);
          bin.accuracy = round(bin.accuracy / bin.n);
        }
      }
      reliability[`${field}@${size}`] = { ece: round(ece), bins: bins.filter((b) => b.n) };
      const withEce = { ...row, ece: round(ece) };
      curve.push(withEce);
      console.error(JSON.stringify(withEce));
    }
  }
  (report.datasets as Record<string, unknown>)[data.name] = { note: data.note, curve, reliability, latency };
}
console.log(JSON.stringify(report, null, 1));
if (values.out) await writeFile(values.out, `${JSON.stringify(report, null, 1)}\n`);
