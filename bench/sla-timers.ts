/**
 * SLA benchmark 2 (issue 3): do warning and breach timers fire on time while tickets are
 * being created as fast as the foundation benchmark creates them?
 *
 * A probe policy (its own category, round the clock, first response in 1 minute: warning at
 * 45 s, breach at 60 s) governs probe tickets opened one per second during the first
 * --probe-seconds; meanwhile bench/load-tickets.ts creates tickets at concurrency 32 for
 * --seconds. Every probe timer falls due while the load runs. The latency of a timer is
 * sla_alerts.fired_at (the firing transaction's start) minus due_at (its threshold).
 *
 *   node bench/sla-timers.ts --base http://127.0.0.1:4100 --url postgres://... [--seconds 90]
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { apiCaller, bearerHeader } from './lib/api.ts';

const { values } = parseArgs({
  options: {
    base: { type: 'string', default: 'http://127.0.0.1:4100' },
    url: { type: 'string' },
    email: { type: 'string', default: 'admin@example.com' },
    password: { type: 'string', default: 'admin-pass-123' },
    seconds: { type: 'string', default: '90' },
    'probe-seconds': { type: 'string', default: '40' },
    out: { type: 'string' },
  },
});
if (!values.url) throw new Error('--url postgres://... is required');
const base = values.base ?? '';
const seconds = Number(values.seconds);
const probeSeconds = Number(values['probe-seconds']);
const CATEGORY = 'Bench/SLA probe';

const call = apiCaller(base);
const auth = await bearerHeader(call, {
  email: values.email,
  password: values.password,
  tokenName: 'sla-bench',
});

const target = { firstResponseMinutes: 1 };
await call(
  'POST',
  '/api/v1/sla-policies',
  {
    name: 'Bench probe (1 minute)',
    order: 0,
    match: { category: CATEGORY },
    calendarId: null,
    targets: { P1: target, P2: target, P3: target, P4: target },
  },
  auth,
);

// The load: the foundation benchmark's ticket creation, in its own process.
const load = spawn(
  process.execPath,
  [
    'bench/load-tickets.ts',
    '--base',
    base,
    '--email',
    values.email ?? '',
    '--password',
    values.password ?? '',
    '--phases',
    'create',
    '--seconds',
    String(seconds),
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
let loadOutput = '';
load.stdout.on('data', (chunk: Buffer) => {
  loadOutput += chunk.toString();
});
const loadDone = new Promise<void>((resolve) => load.once('exit', () => resolve()));

// Probe tickets, one a second, while the load runs.
const probes: number[] = [];
const started = Date.now();
await new Promise((resolve) => setTimeout(resolve, 2000));
for (let i = 0; i < probeSeconds; i += 1) {
  const ticket = (
    await call(
      'POST',
      '/api/v1/tickets',
      {
        subject: `SLA probe ${i}`,
        description: 'A ticket whose first-response timers fall due during the load.',
        type: 'incident',
        category: CATEGORY,
        impact: 'medium',
        urgency: 'medium',
      },
      auth,
    )
  ).json as { id: number };
  probes.push(ticket.id);
  const next = started + 2000 + (i + 1) * 1000;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
}
await loadDone;

// Every probe has a warning and a breach; wait (bounded) until all have fired.
const client = new pg.Client({ connectionString: values.url });
await client.connect();
const expected = probes.length * 2;
const deadline = Date.now() + 120_000;
let fired = 0;
while (Date.now() < deadline) {
  const result = await client.query(
    `select count(*)::int as n from sla_alerts where ticket_id = any($1::bigint[])`,
    [probes],
  );
  fired = result.rows[0].n;
  if (fired >= expected) break;
  await new Promise((resolve) => setTimeout(resolve, 1000));
}
const latencies = await client.query<{ kind: string; ms: number; due_at: Date }>(
  `select kind, extract(epoch from (fired_at - due_at)) * 1000 as ms, due_at
     from sla_alerts where ticket_id = any($1::bigint[]) order by due_at`,
  [probes],
);
await client.end();

const loadEnd = started + seconds * 1000;
const duringLoad = latencies.rows.filter((row) => row.due_at.getTime() <= loadEnd);
const percentile = (list: number[], p: number) => {
  const sorted = [...list].sort((a, b) => a - b);
  return Math.round(
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0,
  );
};
const stats = (rows: { ms: number }[]) => {
  const ms = rows.map((row) => Number(row.ms));
  return {
    count: ms.length,
    p50: percentile(ms, 50),
    p95: percentile(ms, 95),
    max: percentile(ms, 100),
    over5s: ms.filter((value) => value > 5000).length,
  };
};
const createLine = /create (\{[\s\S]*?\n\})/.exec(loadOutput)?.[1];
const summary = {
  machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}`,
  loadavgAtEnd: os.loadavg().map((v) => Number(v.toFixed(2))),
  loadSeconds: seconds,
  load: createLine ?? loadOutput.trim().slice(0, 2000),
  probes: probes.length,
  alertsExpected: expected,
  alertsFired: fired,
  latencyMs: {
    all: stats(latencies.rows),
    dueWhileLoadRan: stats(duringLoad),
    warnings: stats(latencies.rows.filter((row) => row.kind === 'warning')),
    breaches: stats(latencies.rows.filter((row) => row.kind === 'breach')),
  },
  targetMs: 5000,
};
console.log(JSON.stringify(summary, null, 2));
if (values.out) await writeFile(values.out, `${JSON.stringify(summary, null, 2)}\n`);
