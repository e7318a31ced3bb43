/**
 * Issue 18: what the SLA clocks' calendar arithmetic costs a call (`BusinessTime.between` and
 * `add` on a year already laid out, as every ticket read asks them), here and, with --before,
 * in another copy of the class (e.g. the code before a change), alternating.
 *
 *   node bench/pace/business-time.ts [--calls 1000000] [--rounds 3]
 *   git show bc40303^:server/src/modules/sla/domain/business-time.ts > server/src/modules/sla/domain/before.tmp.ts
 *   node bench/pace/business-time.ts --before server/src/modules/sla/domain/before.tmp.ts   # then remove the copy
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BusinessTime, type CalendarDefinition } from '../../server/src/modules/sla/domain/business-time.ts';

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '1000000' },
    rounds: { type: 'string', default: '3' },
    before: { type: 'string' },
  },
});
const shanghai: CalendarDefinition = {
  timezone: 'Asia/Shanghai',
  hours: [1, 2, 3, 4, 5].flatMap((weekday) => [
    { weekday, from: '09:00', to: '12:00' },
    { weekday, from: '13:00', to: '18:00' },
  ]),
  holidays: ['2026-10-01', '2026-10-02'],
  extraWorkdays: [],
};
const classes: [string, typeof BusinessTime][] = [['this code', BusinessTime]];
if (values.before) {
  const before = (await import(path.resolve(values.before))) as { BusinessTime: typeof BusinessTime };
  classes.unshift(['--before', before.BusinessTime]);
}
const start = Date.parse('2026-12-01T00:00:00Z');
const calls = Number(values.calls);
for (let round = 1; round <= Number(values.rounds); round++) {
  for (const [name, Calendar] of classes) {
    const calendar = new Calendar(shanghai);
    calendar.between(start, start + 1);
    let sum = 0;
    const started = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) {
      const from = start + (i % 1000) * 60_000;
      sum += calendar.between(from, from + 7_200_000) + (calendar.add(from, 3_600_000) ?? 0);
    }
    const ns = Number(process.hrtime.bigint() - started) / calls;
    console.log(JSON.stringify({ round, code: name, nsForBetweenAndAdd: Math.round(ns), check: sum % 997 }));
  }
}
