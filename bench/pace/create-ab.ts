/**
 * Issue 18: creation's CPU a ticket, two checkouts (or two settings) side by side. Two desks as
 * scripts/start.sh runs them (the worker on its thread, demo data, each its own embedded
 * PostgreSQL), each sent `POST /api/v1/tickets` at the same fixed rate by its own autocannon
 * (32 connections) in the same seconds, then left until its follow-ups and triage are done;
 * each round, each desk's CPU a ticket from the first request until done: its Node process, and
 * with its PostgreSQL. On this machine the same code's CPU a ticket moves by a third from one
 * minute to the next; two desks measured in the same seconds see the same minute, so their
 * difference is the code's (a null run, the same code on both sides, shows what is left).
 *
 *   node bench/pace/create-ab.ts --against DIR [--server-root DIR] [--rate 300] [--seconds 15]
 *        [--rounds 4] [--env NAME=value ...] [--env-against NAME=value ...] [--out FILE]
 *
 * `--rate 0`: each side as fast as its desk answers its 32 connections, both in the same seconds:
 * for a change to how long a request waits (the intake's round trips) rather than to its CPU, the
 * tickets a second of the two sides, and their median latency, compared (B / A).
 *
 * Side A is this checkout (or --server-root's), side B --against's (`.` with --env-against: this
 * checkout with a setting changed). Stops only the processes it started.
 */
import type { ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { apiCaller, bearerHeader } from '../lib/api.ts';
import {
  BENCH_ADMIN,
  backlog,
  cpuSeconds,
  createTickets,
  envOptions,
  loadavg,
  machine,
  median,
  nothingLeft,
  ownCpuSeconds,
  ROOT,
  sleep,
  startDesk,
  stopChild,
  waitFor,
} from './lib.ts';

const { values } = parseArgs({
  options: {
    against: { type: 'string' },
    'server-root': { type: 'string' },
    rate: { type: 'string', default: '300' },
    seconds: { type: 'string', default: '15' },
    rounds: { type: 'string', default: '4' },
    env: { type: 'string', multiple: true, default: [] },
    'env-against': { type: 'string', multiple: true, default: [] },
    /** How long a side may take to work off its follow-ups after the load (s). */
    'drain-limit': { type: 'string', default: '60' },
    out: { type: 'string', default: 'bench/results/issue18-create-ab.json' },
  },
});
if (!values.against) throw new Error('--against DIR (another checkout, or . with --env-against)');

interface Side {
  name: 'A' | 'B';
  root: string;
  port: number;
  pgPort: number;
  env: Record<string, string>;
}
const sides: Side[] = [
  {
    name: 'A',
    root: values['server-root'] ? path.resolve(values['server-root']) : ROOT,
    port: 4640,
    pgPort: 4650,
    env: envOptions(values.env),
  },
  {
    name: 'B',
    root: path.resolve(values.against),
    port: 4641,
    pgPort: 4651,
    env: { ...envOptions(values.env), ...envOptions(values['env-against']) },
  },
];

/** Every desk started, stopped at the end whatever happens. */
const spawned: ChildProcess[] = [];

interface Running extends Side {
  desk: ChildProcess;
  auth: { authorization: string };
  db: pg.Client;
}

async function start(side: Side): Promise<Running> {
  const dataDir = path.join(ROOT, '.tmp', `pace-create-ab-${side.name}`);
  rmSync(dataDir, { recursive: true, force: true });
  const desk = startDesk({
    dataDir,
    port: side.port,
    pgPort: side.pgPort,
    root: side.root,
    log: 'server',
    env: { DEMO_DATA: 'true', ...side.env },
  });
  spawned.push(desk);
  const base = `http://127.0.0.1:${side.port}`;
  await waitFor(`${base}/readyz`);
  const auth = await bearerHeader(apiCaller(base), { ...BENCH_ADMIN, tokenName: 'pace-ab' });
  const db = new pg.Client({
    connectionString: `postgres://servicedesk:servicedesk@127.0.0.1:${side.pgPort}/servicedesk`,
  });
  await db.connect();
  return { ...side, desk, auth, db };
}

async function quiet(side: Running, limitMs: number): Promise<boolean> {
  const until = Date.now() + limitMs;
  while (Date.now() < until) {
    if (nothingLeft(await backlog(side.db))) return true;
    await sleep(200);
  }
  return false;
}

/** One side's round: the load, then until its backlog is empty; CPU a ticket over both. */
async function round(side: Running, seconds: number, rate: number) {
  const pid = side.desk.pid ?? 0;
  const all0 = cpuSeconds(pid);
  const node0 = ownCpuSeconds(pid);
  const started = performance.now();
  const result = await createTickets(side.auth, {
    url: `http://127.0.0.1:${side.port}`,
    connections: 32,
    duration: seconds,
    ...(rate > 0 ? { overallRate: rate } : {}),
  });
  const loadEnd = performance.now();
  const done = await quiet(side, Number(values['drain-limit']) * 1000);
  const created = Math.max(1, result.requests.total - result.non2xx);
  const ms = (s: number) => Number(((s * 1000) / created).toFixed(3));
  return {
    created,
    non2xx: result.non2xx,
    errors: result.errors,
    perSecond: Math.round(result.requests.average),
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    doneAfterS: done ? Number(((performance.now() - loadEnd) / 1000).toFixed(1)) : null,
    seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
    cpuMsPerTicket: ms(cpuSeconds(pid) - all0),
    nodeCpuMsPerTicket: ms(ownCpuSeconds(pid) - node0),
  };
}

const running: Running[] = [];
const results: Record<string, unknown> = {
  machine: machine(),
  at: new Date().toISOString(),
  rate: Number(values.rate),
  seconds: Number(values.seconds),
  sides: sides.map(({ name, root, env }) => ({ name, root, env })),
};
try {
  // One after the other (each initialises its PostgreSQL and seeds its demo data), then both quiet.
  for (const side of sides) running.push(await start(side));
  for (const side of running) await quiet(side, 60_000);
  type Round = Awaited<ReturnType<typeof round>>;
  const rounds: { round: number; loadavg: string; A: Round; B: Round }[] = [];
  for (let r = 0; r < Number(values.rounds); r++) {
    const measured = await Promise.all(
      running.map((side) => round(side, Number(values.seconds), Number(values.rate))),
    );
    const [a, b] = measured as [Round, Round];
    const entry = { round: r + 1, loadavg: loadavg(), A: a, B: b };
    rounds.push(entry);
    console.log(
      JSON.stringify({
        round: r + 1,
        cpuMsPerTicket: [entry.A.cpuMsPerTicket, entry.B.cpuMsPerTicket],
        nodeCpuMsPerTicket: [entry.A.nodeCpuMsPerTicket, entry.B.nodeCpuMsPerTicket],
        perSecond: [entry.A.perSecond, entry.B.perSecond],
        latencyP50Ms: [entry.A.latencyP50Ms, entry.B.latencyP50Ms],
        doneAfterS: [entry.A.doneAfterS, entry.B.doneAfterS],
      }),
    );
  }
  results.rounds = rounds;
  const diff = (key: 'cpuMsPerTicket' | 'nodeCpuMsPerTicket') =>
    median(rounds.map((r) => r.B[key] - r.A[key]));
  results.medianBMinusA = {
    cpuMsPerTicket: Number(diff('cpuMsPerTicket').toFixed(3)),
    nodeCpuMsPerTicket: Number(diff('nodeCpuMsPerTicket').toFixed(3)),
    perSecondBOverA: Number(median(rounds.map((r) => r.B.perSecond / r.A.perSecond)).toFixed(3)),
  };
  console.log(JSON.stringify(results.medianBMinusA));
} finally {
  for (const side of running) await side.db.end().catch(() => undefined);
  for (const desk of spawned.reverse()) await stopChild(desk, 'SIGTERM', 40_000);
}
writeFileSync(path.resolve(ROOT, values.out ?? ''), `${JSON.stringify(results, null, 2)}\n`);
