/**
 * Cost of a suggestion's three fields (category, priority, team) on one history, in process:
 * three models trained on the same tickets of shared/data/triage-endava (the category is the real
 * label; priority and team are derived from it and the row, so that the three differ), then the
 * same 2,000 other tickets predicted field by field (`predict` three times) and together
 * (`predictEach`: one neighbour search for the models that share their neighbours), in
 * alternating rounds. `--classifier` times an older copy's `predict` instead (before/after).
 *
 *   node bench/triage-fields-cost.ts [--history 8000] [--rounds 4] [--classifier .tmp/base/server/src/modules/triage/classifier.ts]
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { registerModuleErrors } from '../server/src/modules/errors.ts';
import * as current from '../server/src/modules/triage/classifier.ts';
import { ticketTerms } from '../server/src/modules/triage/train-triage.ts';
import { parseCsv } from './lib/csv.ts';

registerModuleErrors();

const { values } = parseArgs({
  options: {
    history: { type: 'string', default: '8000' },
    rounds: { type: 'string', default: '4' },
    classifier: { type: 'string' },
  },
});
const older = values.classifier ? ((await import(path.resolve(values.classifier))) as typeof current) : null;
const rows = parseCsv(await readFile('../shared/data/triage-endava/tickets.csv', 'utf8')).map((r) => ({
  text: r.Document ?? '',
  label: r.Topic_group ?? '',
}));
const size = Number(values.history);
const history = rows
  .slice(0, size)
  .map((r, i) => ({ terms: ticketTerms(r.text.slice(0, 60), r.text), ...r, i }));
const fields = {
  category: (h: (typeof history)[number]) => h.label,
  priority: (h: (typeof history)[number]) => (h.i % 3 === 0 ? 'high' : h.label.length % 2 ? 'low' : 'medium'),
  team: (h: (typeof history)[number]) => `t${h.label.length % 5}`,
};
const lib = older ?? current;
const started = performance.now();
const models = Object.values(fields).map((labelOf) =>
  lib.train(history.map((h) => ({ terms: h.terms, label: labelOf(h) }))),
);
console.log(
  JSON.stringify({
    history: size,
    trainedMs: Math.round(performance.now() - started),
    k: models.map((m) => m.k),
    knnShare: models.map((m) => m.knnShare),
    view: models.map((m) => m.view ?? 'terms'),
    neighbours: models.map((m) => m.neighbours.length),
  }),
);
const queries = rows.slice(size, size + 2000).map((r) => ticketTerms(r.text.slice(0, 60), r.text));
for (let round = 1; round <= Number(values.rounds); round++) {
  let at = performance.now();
  for (const terms of queries) for (const model of models) lib.predict(model, terms);
  const alone = (performance.now() - at) / queries.length;
  at = performance.now();
  if (!older) for (const terms of queries) current.predictEach(models, terms);
  const together = older ? null : (performance.now() - at) / queries.length;
  console.log(
    JSON.stringify({
      round,
      load: (await readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' '),
      threePredictMs: Number(alone.toFixed(3)),
      predictEachMs: together === null ? null : Number(together.toFixed(3)),
    }),
  );
}
