/**
 * Cost of one triage suggestion on real history, in isolation: a model of 5,000 tickets of
 * shared/data/triage-endava (rows 10,000-14,999), then terms and prediction timed for the first 1,000 rows.
 *
 *   node bench/triage-cost.ts
 */
import { readFile } from 'node:fs/promises';
import { registerModuleErrors } from '../server/src/modules/errors.ts';
import { predict, train } from '../server/src/modules/triage/classifier.ts';
import { ticketTerms } from '../server/src/modules/triage/train-triage.ts';
import { parseCsv } from './lib/csv.ts';

// Use cases are called here without the app: their error codes are registered as the registry does.
registerModuleErrors();

const rows = parseCsv(await readFile('../shared/data/triage-endava/tickets.csv', 'utf8'));
const hist = rows
  .slice(10000, 15000)
  .map((r) => ({ terms: ticketTerms('', r.Document ?? ''), label: r.Topic_group ?? '' }));
const model = train(hist);
console.log(
  'knnShare',
  model.knnShare,
  'k',
  model.k,
  'neighbours',
  model.neighbours.length,
  'terms',
  model.terms.length,
  'json MB',
  JSON.stringify(model).length / 1e6,
);
const q = rows.slice(0, 1000).map((r) => r.Document ?? '');
const tt: number[] = [],
  tp: number[] = [];
for (const text of q) {
  const a = performance.now();
  const terms = ticketTerms('', text);
  const b = performance.now();
  predict(model, terms);
  tp.push(performance.now() - b);
  tt.push(b - a);
}
const p95 = (x: number[]) => [...x].sort((a, b) => a - b)[Math.floor(x.length * 0.95)];
console.log('terms p95', p95(tt), 'predict p95', p95(tp), 'len p95', p95(q.map((t) => t.length)));
