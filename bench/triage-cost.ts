/**
 * Cost of one triage suggestion on real history, in isolation: a model of --history tickets of
 * shared/data/triage-endava (from row 10,000; 5,000 by default), then terms and prediction timed
 * for the first 1,000 rows (rows 0-9,999 are never history).
 * With --teams T the label is a seeded spread over T teams instead of the category (a desk with
 * many teams: 20 or more make the model keep the Latin bigrams, and the query makes them too).
 *
 *   node bench/triage-cost.ts [--history 5000] [--teams 64]
 */
import { readFile } from 'node:fs/promises';
import { memoryUsage } from 'node:process';
import { parseArgs } from 'node:util';
import { registerModuleErrors } from '../server/src/modules/errors.ts';
import { keepsLatinBigrams, predict, train } from '../server/src/modules/triage/classifier.ts';
import { ticketTerms } from '../server/src/modules/triage/train-triage.ts';
import { parseCsv } from './lib/csv.ts';

// Use cases are called here without the app: their error codes are registered as the registry does.
registerModuleErrors();

const { values } = parseArgs({
  options: { history: { type: 'string', default: '5000' }, teams: { type: 'string' } },
});
const teams = values.teams ? Number(values.teams) : null;
const rows = parseCsv(await readFile('../shared/data/triage-endava/tickets.csv', 'utf8'));
const hist = rows.slice(10000, 10000 + Number(values.history)).map((r, i) => ({
  terms: ticketTerms('', r.Document ?? ''),
  // The stall bench's spread (bench/triage-train-stall.ts): the same team for the same row.
  label: teams ? String(((i * 7919) % teams) + 1) : (r.Topic_group ?? ''),
}));
const trainStart = performance.now();
const model = train(hist);
const latin = keepsLatinBigrams(model);
console.log(
  JSON.stringify({
    history: hist.length,
    labels: model.labels.length,
    trainS: Math.round((performance.now() - trainStart) / 100) / 10,
    knnShare: model.knnShare,
    k: model.k,
    view: model.view ?? 'terms',
    latinBigrams: latin,
    neighbours: model.neighbours.length,
    terms: model.terms.length,
    jsonMB: Math.round(JSON.stringify(model).length / 1e4) / 100,
    rssMB: Math.round(memoryUsage.rss() / 1e6),
  }),
);
const q = rows.slice(0, 1000).map((r) => r.Document ?? '');
const tt: number[] = [],
  tp: number[] = [];
for (const text of q) {
  const a = performance.now();
  const terms = ticketTerms('', text, {}, { latin });
  const b = performance.now();
  predict(model, terms);
  tp.push(performance.now() - b);
  tt.push(b - a);
}
const p95 = (x: number[]) => [...x].sort((a, b) => a - b)[Math.floor(x.length * 0.95)];
console.log('terms p95', p95(tt), 'predict p95', p95(tp), 'len p95', p95(q.map((t) => t.length)));
