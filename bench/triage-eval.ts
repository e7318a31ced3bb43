/**
 * Triage evaluation on generated history (bench/lib/triage-history.ts, zh and en): the
 * training half is imported as resolved and closed tickets through POST /import/tickets,
 * POST /triage/train learns from it, and every ticket of the unseen test half goes through
 * POST /triage/suggest. Compared with a plain nearest-neighbour baseline (the label of the
 * most similar training ticket, TF-IDF cosine over the same terms), by accuracy and
 * macro-F1 for team, category and priority, per language.
 *
 *   node bench/triage-eval.ts [--train 3000] [--test 800] [--port 4230]
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { tokenize } from '../server/src/modules/search/index.ts';
import { DEFAULT_MATRIX, derivePriority } from '../server/src/modules/tickets/index.ts';
import { round, startEvalServer } from './lib/eval-server.ts';
import { type GeneratedTicket, generateHistory } from './lib/triage-history.ts';

const { values } = parseArgs({
  options: {
    train: { type: 'string', default: '3000' },
    test: { type: 'string', default: '800' },
    port: { type: 'string', default: '4230' },
    'pg-port': { type: 'string', default: '4231' },
    out: { type: 'string' },
  },
});
const trainSet = generateHistory(Number(values.train), 1);
const testSet = generateHistory(Number(values.test), 2);
const priorityOf = (t: GeneratedTicket) => derivePriority(DEFAULT_MATRIX, t.impact, t.urgency);

type Field = 'category' | 'team' | 'priority';
const truth = (t: GeneratedTicket, field: Field) =>
  field === 'category' ? t.category : field === 'team' ? t.team : priorityOf(t);

function macroF1(pairs: { gold: string; guess: string }[]): number {
  const labels = [...new Set(pairs.map((p) => p.gold))];
  let sum = 0;
  for (const label of labels) {
    const tp = pairs.filter((p) => p.gold === label && p.guess === label).length;
    const fp = pairs.filter((p) => p.gold !== label && p.guess === label).length;
    const fn = pairs.filter((p) => p.gold === label && p.guess !== label).length;
    const precision = tp + fp ? tp / (tp + fp) : 0;
    const recall = tp + fn ? tp / (tp + fn) : 0;
    sum += precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  }
  return labels.length ? sum / labels.length : 0;
}

/** Plain nearest neighbour: TF-IDF cosine over the same terms, the label of the closest training ticket. */
function nearestNeighbour(train: GeneratedTicket[]) {
  const vectors = train.map((t) => counts(tokenize(`${t.subject}\n${t.description}`)));
  const df = new Map<string, number>();
  for (const v of vectors) for (const term of v.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const weigh = (v: Map<string, number>) => {
    const out = new Map<string, number>();
    let norm = 0;
    for (const [term, c] of v) {
      const w = (1 + Math.log(c)) * Math.log(train.length / (df.get(term) ?? train.length));
      out.set(term, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [term, w] of out) out.set(term, w / norm);
    return out;
  };
  const weighted = vectors.map(weigh);
  return (t: GeneratedTicket): GeneratedTicket => {
    const q = weigh(counts(tokenize(`${t.subject}\n${t.description}`)));
    let best = 0;
    let bestScore = -1;
    weighted.forEach((v, i) => {
      let s = 0;
      for (const [term, w] of q) s += w * (v.get(term) ?? 0);
      if (s > bestScore) {
        bestScore = s;
        best = i;
      }
    });
    return train[best] as GeneratedTicket;
  };
}

function counts(terms: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of terms) m.set(t, (m.get(t) ?? 0) + 1);
  return m;
}

const server = await startEvalServer({ port: Number(values.port), pgPort: Number(values['pg-port']) });
try {
  const start = Date.parse('2025-01-06T01:00:00Z');
  const lines = trainSet.map((t, i) => {
    const at = (minutes: number) => new Date(start + i * 3_600_000 + minutes * 60_000).toISOString();
    return JSON.stringify({
      externalId: `gen-${i}`,
      subject: t.subject,
      description: t.description,
      type: 'incident',
      category: t.category,
      impact: t.impact,
      urgency: t.urgency,
      requesterEmail: `user${i % 60}@corp.example`,
      createdAt: at(0),
      events: [
        { at: at(10), kind: 'status', status: 'open' },
        { at: at(20), kind: 'assign', team: t.team },
        { at: at(120), kind: 'status', status: 'resolved' },
        { at: at(1440), kind: 'status', status: 'closed' },
      ],
    });
  });
  const imported = await server.call<{ created: number; errors: unknown[] }>(
    'POST',
    '/import/tickets',
    lines.join('\n'),
    {
      ...server.adminHeaders,
      'content-type': 'application/x-ndjson',
    },
  );
  if (imported.errors.length) console.error(imported.errors.slice(0, 3));
  const trainStarted = performance.now();
  const trained = await server.call<{ samples: number }>('POST', '/triage/train');
  const trainSeconds = (performance.now() - trainStarted) / 1000;
  const teams = await server.call<{ items: { id: number; name: string }[] }>('GET', '/teams');
  const teamName = new Map(teams.items.map((t) => [t.id, t.name]));
  const nn = nearestNeighbour(trainSet);
  const rows: { language: string; field: Field; gold: string; product: string; baseline: string }[] = [];
  for (const t of testSet) {
    const s = await server.call<{ category: string | null; priority: string | null; teamId: number | null }>(
      'POST',
      '/triage/suggest',
      { subject: t.subject, description: t.description },
    );
    const neighbour = nn(t);
    rows.push(
      {
        language: t.language,
        field: 'category',
        gold: t.category,
        product: s.category ?? '',
        baseline: neighbour.category,
      },
      {
        language: t.language,
        field: 'team',
        gold: t.team,
        product: teamName.get(s.teamId ?? 0) ?? '',
        baseline: neighbour.team,
      },
      {
        language: t.language,
        field: 'priority',
        gold: truth(t, 'priority'),
        product: s.priority ?? '',
        baseline: priorityOf(neighbour),
      },
    );
  }
  const table: Record<string, Record<string, unknown>> = {};
  for (const language of ['zh', 'en', 'all']) {
    for (const field of ['team', 'category', 'priority'] as Field[]) {
      const subset = rows.filter((r) => r.field === field && (language === 'all' || r.language === language));
      const score = (key: 'product' | 'baseline') => ({
        accuracy: round(subset.filter((r) => r.gold === r[key]).length / subset.length, 3),
        macroF1: round(macroF1(subset.map((r) => ({ gold: r.gold, guess: r[key] }))), 3),
      });
      table[`${language}.${field}`] = {
        n: subset.length,
        triage: score('product'),
        nearestNeighbour: score('baseline'),
      };
    }
  }
  const report = {
    dataset: `generated zh/en history: ${trainSet.length} training tickets (imported), ${testSet.length} unseen test tickets`,
    trainedSamples: trained.samples,
    trainSeconds: round(trainSeconds, 1),
    results: table,
  };
  console.log(JSON.stringify(report, null, 2));
  if (values.out) await writeFile(values.out, `${JSON.stringify(report, null, 2)}\n`);
} finally {
  await server.stop();
}
