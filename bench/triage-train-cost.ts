/**
 * Training time and the cost of a suggestion at the largest history triage learns from (50,000
 * tickets, MAX_SAMPLES), in process: the generated history of bench/lib/triage-history.ts (Chinese
 * and English mixed, 55% Chinese; GENERATED text, for cost only) or, with --zh-only, its Chinese
 * tickets alone. Prints the training time, the choices made, the model's size, and terms /
 * prediction p50 and p95 over 1,000 further tickets. CPU ms from process.cpuUsage beside wall time.
 *
 *   node bench/triage-train-cost.ts [--size 50000] [--zh-only] [--classifier path/to/classifier.ts]
 *
 * --classifier runs an older copy of classifier.ts (e.g. `git show REV:server/src/modules/triage/
 * classifier.ts > .tmp/old/classifier.ts`) for a before/after; a copy older than the fifth round
 * (no textBigrams) gets its terms minus the neighbour-only `~` bigrams it did not know.
 */
import { parseArgs } from 'node:util';
import { registerModuleErrors } from '../server/src/modules/errors.ts';
import type * as Current from '../server/src/modules/triage/classifier.ts';
import { ticketTerms } from '../server/src/modules/triage/train-triage.ts';
import { generateHistory } from './lib/triage-history.ts';

registerModuleErrors();

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '50000' },
    'zh-only': { type: 'boolean', default: false },
    classifier: { type: 'string' },
  },
});
const size = Number(values.size);
const path = values.classifier
  ? new URL(values.classifier, `file://${process.cwd()}/`).href
  : '../server/src/modules/triage/classifier.ts';
const classifierModule = (await import(path)) as typeof Current;
const { train, predict } = classifierModule;
/** A copy older than the `~` bigrams (fifth round) does not know them: its terms leave them out. */
const old = !('textBigrams' in classifierModule);
const termsOf = (subject: string, description: string) => {
  const terms = ticketTerms(subject, description);
  return old ? terms.filter((t) => !t.startsWith('~')) : terms;
};

const tickets = generateHistory(Math.ceil((size + 1000) / (values['zh-only'] ? 0.5 : 0.95)), 11).filter(
  (t) => !values['zh-only'] || t.language === 'zh',
);
const history = tickets
  .slice(0, size)
  .map((t) => ({ terms: termsOf(t.subject, t.description), label: t.category }));
const queries = tickets.slice(size, size + 1000);

const cpu0 = process.cpuUsage();
const t0 = performance.now();
const model = train(history);
const wall = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const ms = (v: number) => Math.round(v);
console.log(
  JSON.stringify({
    classifier: values.classifier ?? 'current',
    history: history.length,
    zhOnly: values['zh-only'],
    trainWallMs: ms(wall),
    trainCpuMs: ms((cpu.user + cpu.system) / 1000),
    chosen: { view: model.view ?? 'terms', knnShare: model.knnShare, k: model.k },
    terms: model.terms.length,
    neighbours: model.neighbours.length,
    jsonMB: Math.round(JSON.stringify(model).length / 1e4) / 100,
  }),
);
const tt: number[] = [];
const tp: number[] = [];
for (const q of queries) {
  const a = performance.now();
  const terms = termsOf(q.subject, q.description);
  const b = performance.now();
  predict(model, terms);
  tp.push(performance.now() - b);
  tt.push(b - a);
}
const pct = (x: number[], p: number) => [...x].sort((a, b) => a - b)[Math.floor(x.length * p)] ?? 0;
const r = (v: number) => Math.round(v * 100) / 100;
console.log(
  JSON.stringify({
    queries: queries.length,
    termsP50ms: r(pct(tt, 0.5)),
    termsP95ms: r(pct(tt, 0.95)),
    predictP50ms: r(pct(tp, 0.5)),
    predictP95ms: r(pct(tp, 0.95)),
  }),
);
