/**
 * Issue 18 (pace): ticket creation and its follow-ups, held against this machine's PostgreSQL
 * ceiling measured in the same sitting. Each run: `limits.mjs pg` (PostgreSQL alone, ticket-shaped
 * commits at 32 clients), then a fresh desk as scripts/start.sh runs it (one process, worker
 * included, DEMO_DATA=true, its own DATA_DIR under .tmp/ and its own ports), a burst of
 * `POST /api/v1/tickets` at 32 connections (autocannon), then the time from the end of the burst
 * until everything a person sees about the new tickets is done (their follow-ups: search index,
 * notifications, report facts; and their triage jobs), with the backlog sampled on the way.
 *
 *   node bench/pace/create.ts [--runs 3] [--seconds 20] [--worker same|separate|off]
 *   node bench/pace/create.ts --soak 300 --rate 800          # backlog every 10 s at 800 creates/s
 *   node bench/pace/create.ts --runs 1 --cpu-prof .tmp/prof   # the server under node --cpu-prof (each thread's)
 *   node bench/pace/create.ts --runs 1 --storms 2             # a second burst whose numbers recur
 *   node bench/pace/create.ts --runs 1 --storms 2 --rate 50   # the same, at 50 creates/s
 *   node bench/pace/create.ts --runs 1 --warm-up 10           # the burst on a desk that has worked 10 s
 *
 * `--worker separate`: the HTTP process runs without a worker and a second process (same
 * database, DATABASE_URL) runs it. `--worker off`: no worker at all (the intake alone; the
 * statements per create are counted from pg_stat_statements in every mode, and are the
 * intake's alone only in this one). `ticketsPerTransaction`: the intake's groups during the burst
 * (a transaction's tickets share their created_at). Stops only the processes it started.
 */
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
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
  nothingLeft,
  ownCpuSeconds,
  pgCeiling,
  restartNumbering,
  sleep,
  startDesk,
  stopChild,
  waitFor,
} from './lib.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '20' },
    connections: { type: 'string', default: '32' },
    worker: { type: 'string', default: 'same' },
    port: { type: 'string', default: '4560' },
    'pg-port': { type: 'string', default: '4570' },
    /** The server's environment for the run (repeatable NAME=value), e.g. INTAKE_TRANSACTIONS=4. */
    env: { type: 'string', multiple: true, default: [] },
    /** A soak instead of bursts: this many seconds at --rate creates/s, the backlog every 10 s. */
    soak: { type: 'string' },
    rate: { type: 'string' },
    /** Write the server's CPU profile(s) here (node --cpu-prof). */
    'cpu-prof': { type: 'string' },
    /** Skip the ceiling (a quick check; the docs' numbers always have it). */
    'no-ceiling': { type: 'boolean', default: false },
    /** Give up waiting for the follow-ups after this many seconds. */
    'drain-limit': { type: 'string', default: '240' },
    /**
     * Bursts a run makes on its desk, each numbering its tickets from 1 again: from the second
     * on, every new ticket's number is also in a ticket of an earlier burst, as a real storm's
     * host numbers and error counts recur (issue 18: such a storm was ranked once per ticket).
     */
    storms: { type: 'string', default: '1' },
    /**
     * Before a run's first burst, this many seconds of creates at --warm-up-rate, then everything
     * done: the burst measures a desk that has been working (its code compiled, its caches
     * filled), as a desk in service is, instead of one started a moment before. Default 0.
     */
    'warm-up': { type: 'string', default: '0' },
    'warm-up-rate': { type: 'string', default: '200' },
    out: { type: 'string' },
  },
});

const root = path.resolve(import.meta.dirname, '../..');
const runs = Number(values.runs);
const storms = Number(values.storms);
const warmUpSeconds = Number(values['warm-up']);
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const workerMode = values.worker as 'same' | 'separate' | 'off';
if (!['same', 'separate', 'off'].includes(workerMode)) throw new Error('--worker same|separate|off');
const port = Number(values.port);
const pgPort = Number(values['pg-port']);
const base = `http://127.0.0.1:${port}`;
const dbUrl = `postgres://servicedesk:servicedesk@127.0.0.1:${pgPort}/servicedesk`;

interface Server {
  process: ChildProcess;
  name: string;
}

function startServer(name: string, dataDir: string, port: number, env: Record<string, string>): Server {
  const profile = values['cpu-prof'];
  const nodeFlags = profile
    ? [
        '--cpu-prof',
        // A folder a server, and Node's own file names in it (CPU.<date>.<time>.<pid>.<thread>.<n>):
        // one profile for each thread, the requests' (thread 0) and the jobs' (1).
        `--cpu-prof-dir=${path.resolve(profile, `${name}-${Date.now()}`)}`,
      ]
    : [];
  const child = startDesk({
    dataDir,
    port,
    root,
    nodeFlags,
    log: name,
    env: { ...envOptions(values.env), ...env },
  });
  return { process: child, name };
}

type Backlog = Awaited<ReturnType<typeof backlog>>;
interface BacklogSample {
  s: number;
  followUps: number;
  due: number;
  triage: number;
}

/**
 * Polls the backlog from `from` (a `performance.now()`) until everything is done or `limitMs` has
 * passed: when the follow-ups, the triage and everything were done (seconds after `from`, null if
 * not), and the backlog last read (`initial` if none was). With `samples`, one every 5 s.
 */
async function untilDone(
  client: pg.Client,
  options: { from: number; limitMs: number; pollMs: number; initial: Backlog; samples?: BacklogSample[] },
) {
  const { from, limitMs, pollMs, samples } = options;
  let doneAfter: number | null = null;
  let followUpsDoneAfter: number | null = null;
  let triageDoneAfter: number | null = null;
  let last = options.initial;
  let nextSample = 0;
  while (performance.now() - from < limitMs) {
    last = await backlog(client);
    const s = (performance.now() - from) / 1000;
    if (followUpsDoneAfter === null && last.follow_ups === 0) followUpsDoneAfter = s;
    if (triageDoneAfter === null && last.follow_ups === 0 && last.triage === 0) triageDoneAfter = s;
    if (nothingLeft(last)) {
      doneAfter = s;
      break;
    }
    if (samples && s >= nextSample) {
      samples.push({ s: Math.round(s), followUps: last.follow_ups, due: last.due, triage: last.triage });
      nextSample += 5;
    }
    await sleep(pollMs);
  }
  return { doneAfter, followUpsDoneAfter, triageDoneAfter, last };
}

async function withDesk<T>(
  label: string,
  work: (ctx: { auth: { authorization: string }; client: pg.Client; pids: number[] }) => Promise<T>,
): Promise<T> {
  const dataDir = path.join(root, '.tmp', `pace-create-${label}`);
  rmSync(dataDir, { recursive: true, force: true });
  const servers: Server[] = [];
  try {
    const http = startServer('http', dataDir, port, {
      EMBEDDED_PG_PORT: String(pgPort),
      DEMO_DATA: 'true',
      RUN_WORKER: workerMode === 'same' ? 'true' : 'false',
    });
    servers.push(http);
    await waitFor(`${base}/readyz`);
    if (workerMode === 'separate') {
      const worker = startServer('worker', dataDir, port + 1, {
        DATABASE_URL: dbUrl,
        RUN_WORKER: 'true',
      });
      servers.push(worker);
      await waitFor(`http://127.0.0.1:${port + 1}/readyz`);
    }
    const auth = await bearerHeader(apiCaller(base), { ...BENCH_ADMIN, tokenName: 'pace' });
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    try {
      await client.query('create extension if not exists pg_stat_statements');
      // The demo data's own follow-ups and jobs first: the burst starts on a quiet desk.
      const until = Date.now() + 60_000;
      while (Date.now() < until) {
        const b = await backlog(client);
        if (b.follow_ups === 0 && b.due === 0) break;
        await sleep(250);
      }
      return await work({ auth, client, pids: servers.map((s) => s.process.pid ?? 0) });
    } finally {
      await client.end();
    }
  } finally {
    for (const server of servers.reverse()) await stopChild(server.process, 'SIGTERM', 40_000);
  }
}

async function statementCounts(client: pg.Client, created: number) {
  const { rows } = await client.query<{ query: string; calls: number; ms: number }>(`
    select left(regexp_replace(query, '\\s+', ' ', 'g'), 140) as query, calls::int, round(total_exec_time::numeric, 1)::float as ms
      from pg_stat_statements where dbid = (select oid from pg_database where datname = 'servicedesk')
     order by total_exec_time desc`);
  const calls = rows.reduce((sum, r) => sum + r.calls, 0);
  const commits = rows.filter((r) => /^commit$/i.test(r.query.trim())).reduce((s, r) => s + r.calls, 0);
  return {
    statementsPerTicket: Number((calls / Math.max(1, created)).toFixed(2)),
    commitsPerTicket: Number((commits / Math.max(1, created)).toFixed(3)),
    execMsPerTicket: Number((rows.reduce((s, r) => s + r.ms, 0) / Math.max(1, created)).toFixed(3)),
    top: rows
      .slice(0, 12)
      .map((r) => ({ ...r, perTicket: Number((r.calls / Math.max(1, created)).toFixed(3)) })),
    // By calls: the round trips (each statement is one unless the driver pipelines them).
    byCalls: [...rows]
      .sort((a, b) => b.calls - a.calls)
      .slice(0, 40)
      .map((r) => ({ ...r, perTicket: Number((r.calls / Math.max(1, created)).toFixed(3)) })),
  };
}

/** Each run's bursts, on one desk (`--storms`). */
async function burstsOfRun(run: number) {
  const ceiling = values['no-ceiling'] ? null : pgCeiling();
  return withDesk(`burst-${run}`, async (desk) => {
    const results = [];
    if (warmUpSeconds > 0) await warmUp(run, desk);
    for (let storm = 1; storm <= storms; storm++) {
      restartNumbering();
      results.push(await burst(run, storm, ceiling, desk));
    }
    return results;
  });
}

/**
 * `--warm-up`: creates at a modest rate, numbered apart from the bursts' (no burst's number
 * recurs from it), until everything they asked is done.
 */
async function warmUp(run: number, { auth, client }: { auth: { authorization: string }; client: pg.Client }) {
  restartNumbering(10_000_000);
  const result = await createTickets(auth, {
    url: base,
    connections,
    duration: warmUpSeconds,
    overallRate: Number(values['warm-up-rate']),
  });
  const { doneAfter } = await untilDone(client, {
    from: performance.now(),
    limitMs: Number(values['drain-limit']) * 1000,
    pollMs: 100,
    initial: await backlog(client),
  });
  console.log(
    JSON.stringify({
      run,
      warmUp: {
        seconds: warmUpSeconds,
        created: result.requests.total - result.non2xx,
        errors: result.errors,
      },
      doneAfterS: doneAfter === null ? null : Number(doneAfter.toFixed(1)),
    }),
  );
}

async function burst(
  run: number,
  storm: number,
  pgCeiling: number | null,
  { auth, client, pids }: { auth: { authorization: string }; client: pg.Client; pids: number[] },
) {
  const before = { load: loadavg(), at: new Date().toISOString() };
  await client.query('select pg_stat_statements_reset()');
  const cpu0 = pids.reduce((s, p) => s + cpuSeconds(p), 0);
  const node0 = pids.reduce((s, p) => s + ownCpuSeconds(p), 0);
  const loadAtBurst = loadavg();
  const result = await createTickets(auth, {
    url: base,
    connections,
    duration: seconds,
    // A slower storm, whose triage batches hold a ticket or two (default: as fast as the desk goes).
    ...(values.rate ? { overallRate: Number(values.rate) } : {}),
  });
  const burstEnd = performance.now();
  const cpuBurst = pids.reduce((s, p) => s + cpuSeconds(p), 0) - cpu0;
  const nodeBurst = pids.reduce((s, p) => s + ownCpuSeconds(p), 0) - node0;
  const created = result.requests.total - result.non2xx;
  const statements = await statementCounts(client, created);
  // The intake's group commit: a transaction's tickets share its start time (created_at).
  const groups = await client.query<{ n: number | null }>(
    'select count(*)::float8 / nullif(count(distinct created_at), 0) as n from tickets where created_at >= $1',
    [before.at],
  );
  const atEnd = await backlog(client);
  const samples: BacklogSample[] = [];
  const { doneAfter, followUpsDoneAfter, triageDoneAfter, last } = await untilDone(client, {
    from: burstEnd,
    limitMs: workerMode === 'off' ? 0 : Number(values['drain-limit']) * 1000,
    pollMs: 100,
    samples,
    initial: atEnd,
  });
  const cpuTotal = pids.reduce((s, p) => s + cpuSeconds(p), 0) - cpu0;
  // Since the burst began: the intake's statements and the follow-ups' and triage's.
  const statementsUntilDone = await statementCounts(client, created);
  const rate = Math.round(result.requests.average);
  const summary = {
    run,
    storm,
    worker: workerMode,
    warmUpSeconds,
    loadBefore: before.load,
    loadAtBurst,
    loadAfter: loadavg(),
    pgCeiling,
    createsPerSecond: rate,
    ratioToCeiling: pgCeiling ? Number((rate / pgCeiling).toFixed(3)) : null,
    created,
    ticketsPerTransaction: groups.rows[0]?.n == null ? null : Number(groups.rows[0].n.toFixed(1)),
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    backlogAtEnd: atEnd,
    followUpsDoneAfterS: followUpsDoneAfter === null ? null : Number(followUpsDoneAfter.toFixed(1)),
    everythingDoneAfterS: doneAfter === null ? null : Number(doneAfter.toFixed(1)),
    // Issue 16: the burst's tickets triaged per second, from its start until the last one's
    // triage (against createsPerSecond: triage keeps pace when this is at least as high).
    triageDoneAfterS: triageDoneAfter === null ? null : Number(triageDoneAfter.toFixed(1)),
    triagedPerSecond:
      triageDoneAfter === null ? null : Math.round(created / (result.duration + triageDoneAfter)),
    // Triage's own pace during the burst, at least (new tickets whose change still waits for its
    // follow-up are counted as not triaged, and so are the other changes waiting): issue 16
    // compares it with createsPerSecond.
    triagedDuringBurstPerSecondAtLeast: Math.max(
      0,
      Math.round((created - atEnd.triage - atEnd.follow_ups) / result.duration),
    ),
    backlogLeft: doneAfter === null ? last : null,
    backlogSamples: samples,
    cpuMsPerTicketDuringBurst: Number(((cpuBurst * 1000) / Math.max(1, created)).toFixed(2)),
    // The same split: the Node process(es) alone, and their PostgreSQL (postmaster and backends).
    nodeCpuMsPerTicketDuringBurst: Number(((nodeBurst * 1000) / Math.max(1, created)).toFixed(2)),
    pgCpuMsPerTicketDuringBurst: Number((((cpuBurst - nodeBurst) * 1000) / Math.max(1, created)).toFixed(2)),
    cpuMsPerTicketUntilDone: Number(((cpuTotal * 1000) / Math.max(1, created)).toFixed(2)),
    statements,
    statementsUntilDone,
  };
  const { statements: st, statementsUntilDone: _u, backlogSamples: _s, ...brief } = summary;
  console.log(
    JSON.stringify({
      ...brief,
      statementsPerTicket: st.statementsPerTicket,
      commitsPerTicket: st.commitsPerTicket,
      ticketsPerCommit: st.commitsPerTicket ? Number((1 / st.commitsPerTicket).toFixed(1)) : null,
    }),
  );
  return summary;
}

async function soak(total: number, rate: number) {
  const ceiling = values['no-ceiling'] ? null : pgCeiling();
  return withDesk('soak', async ({ auth, client, pids }) => {
    const cpu0 = pids.reduce((s, p) => s + cpuSeconds(p), 0);
    const samples: { s: number; load: string; followUps: number; due: number; triage: number }[] = [];
    const started = performance.now();
    const timer = setInterval(() => {
      void backlog(client).then((b) => {
        const sample = {
          s: Math.round((performance.now() - started) / 1000),
          load: loadavg(),
          followUps: b.follow_ups,
          due: b.due,
          triage: b.triage,
        };
        samples.push(sample);
        console.log(JSON.stringify(sample));
      });
    }, 10_000);
    const result = await createTickets(auth, { url: base, connections, duration: total, overallRate: rate });
    clearInterval(timer);
    const end = performance.now();
    const cpuSoak = pids.reduce((s, p) => s + cpuSeconds(p), 0) - cpu0;
    const atEnd = await backlog(client);
    const { doneAfter, followUpsDoneAfter, triageDoneAfter } = await untilDone(client, {
      from: end,
      limitMs: Number(values['drain-limit']) * 1000,
      pollMs: 200,
      initial: atEnd,
    });
    const cpuTotal = pids.reduce((s, p) => s + cpuSeconds(p), 0) - cpu0;
    const created = result.requests.total - result.non2xx;
    /** Least-squares growth per second of a backlog over the samples from `from` s on. */
    const growth = (key: 'followUps' | 'triage', from: number) => {
      const points = samples.filter((x) => x.s >= from);
      if (points.length < 2) return null;
      const mx = points.reduce((a, x) => a + x.s, 0) / points.length;
      const my = points.reduce((a, x) => a + x[key], 0) / points.length;
      const num = points.reduce((a, x) => a + (x.s - mx) * (x[key] - my), 0);
      const den = points.reduce((a, x) => a + (x.s - mx) ** 2, 0);
      return den ? Number((num / den).toFixed(1)) : null;
    };
    const summary = {
      pgCeiling: ceiling,
      targetRate: rate,
      createsPerSecond: Math.round(result.requests.average),
      created,
      non2xx: result.non2xx,
      errors: result.errors,
      latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
      samples,
      // The backlogs' trend (per second, least squares): over the whole soak and its last 100 s;
      // a bound holds when these stay near 0.
      growthPerSecond: {
        followUps: growth('followUps', 0),
        triage: growth('triage', 0),
        followUpsLast100s: growth('followUps', total - 100),
        triageLast100s: growth('triage', total - 100),
      },
      maxBacklog: {
        followUps: Math.max(0, ...samples.map((x) => x.followUps)),
        triage: Math.max(0, ...samples.map((x) => x.triage)),
      },
      backlogAtEnd: atEnd,
      followUpsDoneAfterS: followUpsDoneAfter === null ? null : Number(followUpsDoneAfter.toFixed(1)),
      triageDoneAfterS: triageDoneAfter === null ? null : Number(triageDoneAfter.toFixed(1)),
      everythingDoneAfterS: doneAfter === null ? null : Number(doneAfter.toFixed(1)),
      cpuMsPerTicketDuringSoak: Number(((cpuSoak * 1000) / Math.max(1, created)).toFixed(2)),
      cpuMsPerTicketUntilDone: Number(((cpuTotal * 1000) / Math.max(1, created)).toFixed(2)),
    };
    console.log(JSON.stringify({ ...summary, samples: undefined }));
    return summary;
  });
}

const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
const output: Record<string, unknown> = {
  machine,
  at: new Date().toISOString(),
  worker: workerMode,
  connections,
  seconds,
};
if (values.soak) {
  const rate = Number(values.rate);
  if (!rate) throw new Error('--soak needs --rate');
  output.soak = await soak(Number(values.soak), rate);
} else {
  const results = [];
  for (let run = 1; run <= runs; run++) results.push(...(await burstsOfRun(run)));
  const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? null;
  output.runs = results;
  output.median = {
    pgCeiling: median(results.flatMap((r) => (r.pgCeiling ? [r.pgCeiling] : []))),
    createsPerSecond: median(results.map((r) => r.createsPerSecond)),
    ratioToCeiling: median(results.flatMap((r) => (r.ratioToCeiling === null ? [] : [r.ratioToCeiling]))),
    everythingDoneAfterS: median(results.map((r) => r.everythingDoneAfterS ?? Number.POSITIVE_INFINITY)),
    followUpsDoneAfterS: median(results.map((r) => r.followUpsDoneAfterS ?? Number.POSITIVE_INFINITY)),
    triagedPerSecond: median(results.map((r) => r.triagedPerSecond ?? 0)),
    triagedDuringBurstPerSecondAtLeast: median(results.map((r) => r.triagedDuringBurstPerSecondAtLeast)),
    cpuMsPerTicketDuringBurst: median(results.map((r) => r.cpuMsPerTicketDuringBurst)),
    cpuMsPerTicketUntilDone: median(results.map((r) => r.cpuMsPerTicketUntilDone)),
  };
  console.log('median', JSON.stringify(output.median));
}
if (values.out) await writeFile(path.resolve(values.out), `${JSON.stringify(output, null, 2)}\n`);
