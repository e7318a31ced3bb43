/**
 * Duplicate evaluation on GitBugs SeaMonkey (shared/data/duplicates-gitbugs): imports the
 * 1,076 bug reports as historical tickets through POST /import/tickets (original creation
 * times kept; nothing of the resolution is imported), then POST /search/reindex (the eval
 * server runs no worker, whose follow-up job indexes imports). Every report with a known duplicate in
 * the corpus is a query; a hit is any known duplicate in the top k (Recall@1/5/10, MRR@10).
 *
 * The duplicate groups (connected pairs) are split in two by a seeded shuffle: development
 * (weights learned, threshold chosen) and test (only measured). Three rankings per query:
 *   bm25     the plain BM25F candidates of the product's first stage (rankDuplicates, no time factor)
 *   similar  GET /tickets/:id/similar?limit=10 (BM25F + time proximity: issue 4's method)
 *   learned  rankDuplicates: the same candidates scored by the same-problem logistic regression
 *
 *   node bench/duplicates-eval.ts [--learn] [--seed 16] [--port 4360] [--pg-port 4361] [--out f.json]
 * --learn fits the weights on the development queries and reports the development split with
 * them (paste them into DUPLICATE_WEIGHTS); without it the weights in the server are measured.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { calibrateThreshold, fitDuplicateWeights } from '../server/src/modules/triage/duplicate-learning.ts';
import {
  DUPLICATE_WEIGHTS,
  type DuplicateWeights,
  FEATURE_NAMES,
  sameProblem,
} from '../server/src/modules/triage/duplicate-score.ts';
import { type RankedDuplicate, rankDuplicates } from '../server/src/modules/triage/rank-duplicates.ts';
import { parseCsv } from './lib/csv.ts';
import { round, startEvalServer } from './lib/eval-server.ts';

const { values } = parseArgs({
  options: {
    data: {
      type: 'string',
      default: path.resolve(import.meta.dirname, '../../shared/data/duplicates-gitbugs'),
    },
    port: { type: 'string', default: '4360' },
    'pg-port': { type: 'string', default: '4361' },
    seed: { type: 'string', default: '16' },
    learn: { type: 'boolean', default: false },
    /** Candidates scored again per query (default: the product's DUPLICATE_CANDIDATES). */
    candidates: { type: 'string' },
    /** Writes the development queries' candidates (features, label) to a file, for offline study. */
    'dump-dev': { type: 'string' },
    out: { type: 'string' },
  },
});
const dir = values.data ?? '';
const bugs = parseCsv(await readFile(path.join(dir, 'SeaMonkey_bugs.csv'), 'utf8'));
const pairs = parseCsv(await readFile(path.join(dir, 'SeaMonkey_bugs-combined.csv'), 'utf8'));

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

/** Query -> its known duplicates (bug ids), only those in the corpus. */
const inCorpus = new Set(bugs.map((b) => b['Issue id'] ?? ''));
const duplicatesOf = new Map<string, string[]>();
for (const pair of pairs) {
  const q = pair['Issue id'] ?? '';
  const ds = (pair['Duplicate id'] ?? '')
    .split(',')
    .map((d) => d.trim())
    .filter((d) => inCorpus.has(d) && d !== q);
  if (inCorpus.has(q) && ds.length) duplicatesOf.set(q, ds);
}

/** Split by duplicate group (so no pair has one side in each part), seeded, about half each. */
function splitGroups(seed: number): Map<string, 'dev' | 'test'> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) && parent.get(root) !== root) root = parent.get(root) ?? root;
    parent.set(x, root);
    return root;
  };
  for (const [q, ds] of duplicatesOf) {
    if (!parent.has(q)) parent.set(q, q);
    for (const d of ds) {
      if (!parent.has(d)) parent.set(d, d);
      parent.set(find(d), find(q));
    }
  }
  const groups = new Map<string, string[]>();
  for (const q of duplicatesOf.keys()) groups.set(find(q), [...(groups.get(find(q)) ?? []), q]);
  const list = [...groups.values()].sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
  const random = mulberry32(seed);
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j] as string[], list[i] as string[]];
  }
  const part = new Map<string, 'dev' | 'test'>();
  let dev = 0;
  for (const group of list) {
    const side = dev < duplicatesOf.size / 2 ? 'dev' : 'test';
    if (side === 'dev') dev += group.length;
    for (const q of group) part.set(q, side);
  }
  return part;
}

function metrics(ranks: readonly number[]) {
  const n = ranks.length || 1;
  const at = (k: number) => round(ranks.filter((r) => r > 0 && r <= k).length / n, 3);
  return {
    queries: ranks.length,
    recall1: at(1),
    recall5: at(5),
    recall10: at(10),
    mrr10: round(ranks.reduce((s, r) => s + (r > 0 && r <= 10 ? 1 / r : 0), 0) / n, 3),
  };
}

const server = await startEvalServer({ port: Number(values.port), pgPort: Number(values['pg-port']) });
try {
  const lines = bugs.map((bug) => {
    const summary = (bug.Summary ?? '').trim();
    return JSON.stringify({
      externalId: `seamonkey-${bug['Issue id']}`,
      subject: summary.slice(0, 200) || `Bug ${bug['Issue id']}`,
      description: ((bug.Description ?? '').trim() || summary).slice(0, 20000),
      type: 'incident',
      impact: 'medium',
      urgency: 'medium',
      requesterEmail: 'seamonkey-reporter@eval.test',
      createdAt: new Date(`${(bug.Created ?? '').replace(' ', 'T')}`).toISOString(),
    });
  });
  const imported = await server.call<{ created: number; errors: unknown[] }>(
    'POST',
    '/import/tickets',
    lines.join('\n'),
    { ...server.adminHeaders, 'content-type': 'application/x-ndjson' },
  );
  if (imported.errors.length) console.error('import errors', imported.errors.slice(0, 5));
  // The index follows imports in the worker's follow-up job; this server runs no worker.
  await server.call('POST', '/search/reindex');
  const idOf = new Map<string, number>();
  let cursor: string | null = null;
  do {
    const page: { items: { id: number; externalId: string | null }[]; nextCursor: string | null } =
      await server.call('GET', `/tickets?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    for (const t of page.items) if (t.externalId) idOf.set(t.externalId.replace('seamonkey-', ''), t.id);
    cursor = page.nextCursor;
  } while (cursor);

  const part = splitGroups(Number(values.seed));
  interface Query {
    bug: string;
    part: 'dev' | 'test';
    targets: Set<number>;
    similar: number[];
    items: RankedDuplicate[];
    ms: number;
  }
  const queries: Query[] = [];
  for (const [bug, ds] of duplicatesOf) {
    const id = idOf.get(bug);
    const targets = new Set(ds.map((d) => idOf.get(d)).filter((d): d is number => d !== undefined));
    if (!id || !targets.size) continue;
    const similar = await server.call<{ items: { id: number }[] }>('GET', `/tickets/${id}/similar?limit=10`);
    const started = performance.now();
    const ranked = await rankDuplicates(server.db, {
      ticketId: id,
      filter: sql`true`,
      ...(values.candidates ? { candidates: Number(values.candidates) } : {}),
    });
    const ms = performance.now() - started;
    queries.push({
      bug,
      part: part.get(bug) ?? 'test',
      targets,
      similar: similar.items.map((i) => i.id),
      items: ranked.items,
      ms,
    });
  }

  const rankIn = (ids: number[], targets: Set<number>) => ids.findIndex((id) => targets.has(id)) + 1;
  const byWeights = (q: Query, w: DuplicateWeights) =>
    [...q.items]
      .map((item) => ({ id: item.id, p: sameProblem(item.features, w), score: item.score }))
      .sort((a, b) => b.p - a.p || b.score - a.score)
      .map((i) => i.id);
  const bm25 = (q: Query) => [...q.items].sort((a, b) => b.score - a.score).map((i) => i.id);

  const dev = queries.filter((q) => q.part === 'dev');
  const test = queries.filter((q) => q.part === 'test');
  if (values['dump-dev'])
    await writeFile(
      values['dump-dev'],
      JSON.stringify(
        dev.map((q) => ({
          bug: q.bug,
          items: q.items.map((i) => ({ x: i.features, y: q.targets.has(i.id) ? 1 : 0, score: i.score })),
        })),
      ),
    );
  let weights = DUPLICATE_WEIGHTS;
  if (values.learn) {
    const groups = dev.map((q) =>
      q.items.map((item) => ({ x: item.features, y: (q.targets.has(item.id) ? 1 : 0) as 0 | 1 })),
    );
    // The regularisation by 5-fold cross-validation over the development queries (MRR@10).
    const folds = 5;
    const cv = [0.001, 0.01, 0.1].map((lambda) => {
      const ranks: number[] = [];
      for (let f = 0; f < folds; f++) {
        const w = fitDuplicateWeights(
          groups.filter((_, i) => i % folds !== f),
          { lambda },
        );
        dev.forEach((q, i) => {
          if (i % folds === f) ranks.push(rankIn(byWeights(q, w), q.targets));
        });
      }
      return { lambda, ...metrics(ranks) };
    });
    console.log('cross-validation on dev:', JSON.stringify(cv));
    const best = [...cv].sort((a, b) => b.mrr10 - a.mrr10 || b.recall5 - a.recall5)[0];
    weights = fitDuplicateWeights(groups, { lambda: best?.lambda ?? 0.01 });
    console.log('learned on dev:', JSON.stringify(weights), FEATURE_NAMES.join(', '));
  }
  const evaluate = (qs: Query[]) => ({
    bm25: metrics(qs.map((q) => rankIn(bm25(q), q.targets))),
    similar: metrics(qs.map((q) => rankIn(q.similar, q.targets))),
    learned: metrics(qs.map((q) => rankIn(byWeights(q, weights), q.targets))),
    candidatesHoldDuplicate: round(
      qs.filter((q) => q.items.some((i) => q.targets.has(i.id))).length / (qs.length || 1),
      3,
    ),
  });
  // The threshold as the product calibrates it from the desk's own duplicate-of links: here
  // the development pairs play the links; measured on the test pairs.
  const pairScores = (qs: Query[]) =>
    qs.flatMap((q) =>
      q.items.filter((i) => q.targets.has(i.id)).map((i) => sameProblem(i.features, weights)),
    );
  const threshold = calibrateThreshold(pairScores(dev));
  const shownAt = (qs: Query[]) => {
    let shown = 0;
    let right = 0;
    let found = 0;
    for (const q of qs) {
      const top = q.items
        .map((i) => ({ id: i.id, p: sameProblem(i.features, weights) }))
        .sort((a, b) => b.p - a.p)
        .slice(0, 5)
        .filter((i) => i.p >= threshold.value);
      shown += top.length;
      right += top.filter((i) => q.targets.has(i.id)).length;
      if (top.some((i) => q.targets.has(i.id))) found += 1;
    }
    return {
      shownPerQuery: round(shown / (qs.length || 1), 2),
      precision: round(right / (shown || 1), 3),
      recall5: round(found / (qs.length || 1), 3),
    };
  };
  const times = queries.map((q) => q.ms).sort((a, b) => a - b);
  const report = {
    dataset: 'duplicates-gitbugs SeaMonkey (1,076 reports)',
    imported: imported.created,
    seed: Number(values.seed),
    weights,
    features: FEATURE_NAMES,
    dev: evaluate(dev),
    test: values.learn ? 'not measured (--learn)' : evaluate(test),
    all: values.learn ? undefined : evaluate(queries),
    threshold: {
      ...threshold,
      dev: shownAt(dev),
      ...(values.learn ? {} : { test: shownAt(test) }),
    },
    rankDuplicatesMs: {
      p50: round(times[Math.floor(times.length * 0.5)] ?? 0, 1),
      p95: round(times[Math.floor(times.length * 0.95)] ?? 0, 1),
    },
  };
  console.log(JSON.stringify(report, null, 2));
  if (values.out) await writeFile(values.out, `${JSON.stringify(report, null, 2)}\n`);
} finally {
  await server.stop();
}
