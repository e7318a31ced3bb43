/**
 * Issue 16/18: how long a retraining holds the process's own thread (every HTTP request and job
 * of a one-process desk waits that long). Trains endava's real English tickets as history rows,
 * on the process's thread and then in the training thread, and prints the event loop's longest
 * delay (perf_hooks.monitorEventLoopDelay) and the wall time of each.
 *   node bench/triage-train-stall.ts [--tickets 28000] [--teams 64]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import {
  type HistoryRow,
  trainFromHistory,
  trainFromHistoryInThread,
} from '../server/src/modules/triage/train-triage.ts';

const { values } = parseArgs({
  options: { tickets: { type: 'string', default: '28000' }, teams: { type: 'string', default: '64' } },
});
const root = path.resolve(import.meta.dirname, '..');
const lines = readFileSync(path.resolve(root, '../shared/data/triage-endava/tickets.csv'), 'utf8')
  .split('\n')
  .slice(1)
  .filter(Boolean);
const teams = Number(values.teams);
// Real texts and categories; the team is a seeded spread over --teams (a desk with many teams).
const rows: HistoryRow[] = lines.slice(0, Number(values.tickets)).map((line, i) => {
  const comma = line.lastIndexOf(',');
  const text = line.slice(0, comma);
  return {
    subject: text.slice(0, 60),
    description: text,
    category: line.slice(comma + 1).trim(),
    priority: ['p2', 'p3', 'p4'][i % 3] ?? 'p3',
    team_id: ((i * 7919) % teams) + 1,
  };
});

async function measure(name: string, work: () => Promise<unknown>) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const start = performance.now();
  await work();
  const wall = performance.now() - start;
  delay.disable();
  console.log(
    JSON.stringify({
      name,
      tickets: rows.length,
      teams,
      wallS: Math.round(wall / 100) / 10,
      longestStallMs: Math.round(delay.max / 1e6),
      p99StallMs: Math.round(delay.percentile(99) / 1e6),
    }),
  );
}

// Let the monitor see the loop turn: the inline training is one synchronous call.
await measure('process thread', async () => {
  await new Promise((r) => setTimeout(r, 50));
  trainFromHistory(rows);
  await new Promise((r) => setTimeout(r, 50));
});
await measure('training thread', () => trainFromHistoryInThread(rows));
