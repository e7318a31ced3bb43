/**
 * Similar-ticket evaluation on GitBugs SeaMonkey (shared/data/duplicates-gitbugs): imports
 * the 1,076 bug reports as historical tickets through POST /import/tickets (original
 * creation times kept; nothing of the resolution is imported), then for every report with
 * a known duplicate in the corpus asks GET /tickets/:id/similar?limit=10 and reports
 * Recall@1/5/10 (a hit is any known duplicate in the top k) and MRR.
 *
 *   node bench/duplicates-eval.ts [--data ../shared/data/duplicates-gitbugs] [--port 4220]
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseCsv } from './lib/csv.ts';
import { round, startEvalServer } from './lib/eval-server.ts';

const { values } = parseArgs({
  options: {
    data: {
      type: 'string',
      default: path.resolve(import.meta.dirname, '../../shared/data/duplicates-gitbugs'),
    },
    port: { type: 'string', default: '4220' },
    'pg-port': { type: 'string', default: '4221' },
    out: { type: 'string' },
  },
});
const dir = values.data ?? '';
const bugs = parseCsv(await readFile(path.join(dir, 'SeaMonkey_bugs.csv'), 'utf8'));
const pairs = parseCsv(await readFile(path.join(dir, 'SeaMonkey_bugs-combined.csv'), 'utf8'));

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
  const started = performance.now();
  const imported = await server.call<{ created: number; errors: unknown[] }>(
    'POST',
    '/import/tickets',
    lines.join('\n'),
    { ...server.adminHeaders, 'content-type': 'application/x-ndjson' },
  );
  const importSeconds = (performance.now() - started) / 1000;
  if (imported.errors.length) console.error('import errors', imported.errors.slice(0, 5));
  const idOf = new Map<string, number>();
  let cursor: string | null = null;
  do {
    const page: { items: { id: number; externalId: string | null }[]; nextCursor: string | null } =
      await server.call('GET', `/tickets?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    for (const t of page.items) if (t.externalId) idOf.set(t.externalId.replace('seamonkey-', ''), t.id);
    cursor = page.nextCursor;
  } while (cursor);

  const ranks: number[] = [];
  const queryStarted = performance.now();
  for (const pair of pairs) {
    const query = idOf.get(pair['Issue id'] ?? '');
    const duplicates = (pair['Duplicate id'] ?? '')
      .split(',')
      .map((d) => idOf.get(d.trim()))
      .filter((d): d is number => d !== undefined);
    if (!query || duplicates.length === 0) continue;
    const similar = await server.call<{ items: { id: number }[] }>(
      'GET',
      `/tickets/${query}/similar?limit=10`,
    );
    const rank = similar.items.findIndex((item) => duplicates.includes(item.id)) + 1;
    ranks.push(rank);
  }
  const n = ranks.length || 1;
  const recall = (k: number) => round(ranks.filter((r) => r > 0 && r <= k).length / n);
  const report = {
    dataset: 'duplicates-gitbugs SeaMonkey (1,076 reports)',
    imported: imported.created,
    importSeconds: Math.round(importSeconds * 10) / 10,
    queries: ranks.length,
    recall1: recall(1),
    recall5: recall(5),
    recall10: recall(10),
    mrr10: round(ranks.reduce((s, r) => s + (r > 0 ? 1 / r : 0), 0) / n),
    meanQueryMs: Math.round(((performance.now() - queryStarted) / n) * 10) / 10,
  };
  console.log(JSON.stringify(report, null, 2));
  if (values.out) await writeFile(values.out, `${JSON.stringify(report, null, 2)}\n`);
} finally {
  await server.stop();
}
