/**
 * Issue 18: a ticket read against the machine's bare Fastify route, in one sitting.
 *
 * Starts the bare route (`node ../shared/tools/limits.mjs http PORT`) and the default desk as
 * scripts/start.sh runs it (`node server/src/main.ts`: one process, worker included, its own
 * embedded PostgreSQL, DATA_DIR under .tmp/), seeds it (bench/seed-tickets.ts), signs in as an
 * agent (session cookie, as the web app does) and drives both with the same load generator
 * (autocannon, in this process) at the same concurrency for the same time:
 *   quiet:       the bare route, then `GET /api/v1/tickets/{random seeded id}`;
 *   after burst: the bare route, a burst of creates (POST /api/v1/tickets), then the reads at
 *                once while the burst's follow-ups run (their backlog is printed).
 * Each pair `--rounds` times; medians, load averages, and the ratio product / bare.
 * With --profile the server runs under `node --cpu-prof` (written to .tmp/pace-reads/prof on exit).
 * Ports: server 4581, bare route 4580, PostgreSQL 4590. Stops only what it started.
 *
 *   node bench/pace/reads.ts [--tickets 100000] [--seconds 10] [--connections 32] [--rounds 3]
 *        [--burst-seconds 10] [--profile] [--out bench/results/issue18-reads.json]
 *        [--phases quiet,burst] [--keep-data] [--server-root DIR (another checkout's server, same data)]
 *        [--env NAME=value (the desk's environment, repeatable)]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type autocannon from 'autocannon';
import pg from 'pg';
import { apiCaller } from '../lib/api.ts';
import {
  BENCH_ADMIN,
  backlogOnMetrics,
  cannon,
  cpuSeconds,
  envOptions,
  loadavg,
  machine,
  median,
  ownCpuSeconds,
  ROOT,
  resetStatements,
  startBareRoute,
  startDesk,
  stopChild,
  topStatements,
  waitFor,
  withMachineShare,
} from './lib.ts';

const { values } = parseArgs({
  options: {
    tickets: { type: 'string', default: '100000' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    rounds: { type: 'string', default: '3' },
    'burst-seconds': { type: 'string', default: '10' },
    phases: { type: 'string', default: 'quiet,burst' },
    profile: { type: 'boolean', default: false },
    'keep-data': { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench/results/issue18-reads.json' },
    /** Run the server of another checkout (e.g. a `git archive` of the code before) on the same data. */
    'server-root': { type: 'string' },
    /** The desk's environment for the run (repeatable NAME=value), e.g. LOG_LEVEL=info. */
    env: { type: 'string', multiple: true, default: [] },
  },
});
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const ROUNDS = Number(values.rounds);
const BURST = Number(values['burst-seconds']);
const phases = new Set((values.phases ?? '').split(','));
const BARE_PORT = 4580;
const PORT = 4581;
const PG_PORT = 4590;
const BASE = `http://127.0.0.1:${PORT}`;
const DATA = path.join(ROOT, '.tmp/pace-reads');
const PROFILE_DIR = path.join(DATA, 'prof');

const running: { server: ChildProcess | null; bare: ChildProcess | null } = { server: null, bare: null };

function startServer(): ChildProcess {
  const child = startDesk({
    dataDir: DATA,
    port: PORT,
    pgPort: PG_PORT,
    root: values['server-root'] ? path.resolve(values['server-root']) : ROOT,
    nodeFlags: values.profile ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [],
    log: 'stderr',
    env: { DEMO_DATA: 'false', ...envOptions(values.env) },
  });
  running.server = child;
  return child;
}

function summarise(result: autocannon.Result) {
  return {
    perSecond: Math.round(result.requests.average),
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

/** What the worker has still to do, from the product's /metrics. */
const backlog = () => backlogOnMetrics(BASE);

const results: Record<string, unknown> = { machine: machine(), at: new Date().toISOString() };
try {
  if (!values['keep-data']) rmSync(DATA, { recursive: true, force: true });
  mkdirSync(DATA, { recursive: true });
  running.bare = await startBareRoute(BARE_PORT);
  startServer();
  await waitFor(`${BASE}/readyz`);
  const pgUrl = `postgres://servicedesk:servicedesk@127.0.0.1:${PG_PORT}/servicedesk`;
  const db = new pg.Pool({ connectionString: pgUrl, max: 2 });
  const seeded = await db.query<{ n: number }>('select count(*)::int as n from tickets');
  if (Number(seeded.rows[0]?.n ?? 0) < Number(values.tickets)) {
    const seed = spawn(
      process.execPath,
      ['bench/seed-tickets.ts', '--url', pgUrl, '--count', String(values.tickets)],
      { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    await new Promise((resolve, reject) =>
      seed.once('exit', (code) => (code === 0 ? resolve(null) : reject(new Error(`seed: ${code}`)))),
    );
    await db.query('vacuum analyze tickets');
  }

  // An agent, signed in as the web app is: a session cookie.
  const call = apiCaller(BASE);
  const admin = (await call('POST', '/api/v1/auth/login', BENCH_ADMIN)).cookie?.split(';')[0];
  const agentEmail = `agent.${Date.now()}@example.com`;
  await call(
    'POST',
    '/api/v1/users',
    { email: agentEmail, name: 'Bench Agent', password: 'agent-pass-123', role: 'agent' },
    { cookie: admin ?? '', origin: BASE },
  );
  const agent =
    (
      await call('POST', '/api/v1/auth/login', { email: agentEmail, password: 'agent-pass-123' })
    ).cookie?.split(';')[0] ?? '';
  const headers = { cookie: agent };
  const idRows = await db.query<{ id: string }>('select id from tickets order by random() limit 20000');
  const ids = idRows.rows.map((r) => Number(r.id));
  const randomPath = () => `/api/v1/tickets/${ids[Math.floor(Math.random() * ids.length)]}`;
  // Warm both (JIT, caches, PostgreSQL's pages).
  await cannon({
    url: `http://127.0.0.1:${BARE_PORT}/ticket`,
    connections: CONNECTIONS,
    duration: 2,
    headers,
  });
  await cannon({
    url: BASE,
    connections: CONNECTIONS,
    duration: 3,
    headers,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: randomPath() }) }],
  });

  const bare = async () => {
    const { result, ...share } = await withMachineShare(
      async () =>
        summarise(
          await cannon({
            url: `http://127.0.0.1:${BARE_PORT}/ticket`,
            connections: CONNECTIONS,
            duration: SECONDS,
            headers,
          }),
        ),
      (r) => r.total,
    );
    return { ...result, ...share };
  };
  const serverPid = running.server?.pid ?? 0;
  const reads = async () => {
    const cpuBefore = cpuSeconds(serverPid);
    const nodeBefore = ownCpuSeconds(serverPid);
    const window = { fromUs: Number(process.hrtime.bigint() / 1000n), toUs: 0 };
    const { result, ...share } = await withMachineShare(
      async () =>
        summarise(
          await cannon({
            url: BASE,
            connections: CONNECTIONS,
            duration: SECONDS,
            headers,
            requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: randomPath() }) }],
          }),
        ),
      (r) => r.total,
    );
    const cpu = cpuSeconds(serverPid) - cpuBefore;
    const nodeCpu = ownCpuSeconds(serverPid) - nodeBefore;
    window.toUs = Number(process.hrtime.bigint() / 1000n);
    return {
      ...result,
      profileWindow: values.profile ? window : undefined,
      serverCpuUsPerRead: Math.round((cpu * 1e6) / Math.max(1, result.total)),
      nodeCpuUsPerRead: Math.round((nodeCpu * 1e6) / Math.max(1, result.total)),
      // Is the machine the limit? Its busy share over the window (1 = every core busy), and
      // the load generator's own CPU a request (this process: autocannon).
      ...share,
    };
  };

  const rounds: Record<string, unknown>[] = [];
  // Quiet means quiet: what an earlier run (--keep-data) left the worker is done first (bounded),
  // the SLA warnings and breaches that came due since included (kept tickets' clocks run on: hours
  // later thousands are due at once, and the sweeper's statements would share the reads' minutes).
  const drained = Date.now() + 300_000;
  const busy = (b: Awaited<ReturnType<typeof backlog>>) => b.follow_ups > 0 || b.jobs > 0 || b.sla_timers > 0;
  for (let b = await backlog(); busy(b) && Date.now() < drained; b = await backlog())
    await new Promise((s) => setTimeout(s, 1000));
  results.backlogAtStart = await backlog();
  if (phases.has('quiet')) {
    for (let r = 0; r < ROUNDS; r++) {
      const load = loadavg();
      const b = await bare();
      await resetStatements(db);
      const p = await reads();
      const statements = await topStatements(db, 8);
      const round = {
        phase: 'quiet',
        round: r + 1,
        loadavg: load,
        bare: b,
        product: p,
        ratio: Number((p.perSecond / b.perSecond).toFixed(3)),
        statementsPerRead: Number(
          (statements.reduce((sum, s) => sum + s.calls, 0) / Math.max(1, p.total)).toFixed(2),
        ),
        statements: r === 0 ? statements : undefined,
      };
      rounds.push(round);
      console.log(JSON.stringify({ ...round, statements: undefined }));
    }
  }
  if (phases.has('burst')) {
    let n = 0;
    for (let r = 0; r < ROUNDS; r++) {
      const load = loadavg();
      const b = await bare();
      const burst = summarise(
        await cannon({
          url: BASE,
          connections: CONNECTIONS,
          duration: BURST,
          headers: { ...headers, 'content-type': 'application/json', origin: BASE },
          requests: [
            {
              method: 'POST',
              path: '/api/v1/tickets',
              setupRequest: (req) => {
                n += 1;
                return {
                  ...req,
                  body: JSON.stringify({
                    subject: `VPN 连接超时 burst ${n}`,
                    description: '自从插件更新后报错 FIN-4012. Happens every time since the update.',
                    type: 'incident',
                    impact: 'medium',
                    urgency: 'high',
                  }),
                };
              },
            },
          ],
        }),
      );
      const before = await backlog();
      const p = await reads();
      const after = await backlog();
      const round = {
        phase: 'after burst',
        round: r + 1,
        loadavg: load,
        bare: b,
        burst: { creates: burst.total, perSecond: burst.perSecond, non2xx: burst.non2xx },
        backlogAtReadStart: before,
        backlogAtReadEnd: after,
        product: p,
        ratio: Number((p.perSecond / b.perSecond).toFixed(3)),
      };
      rounds.push(round);
      console.log(JSON.stringify(round));
      // Let the follow-ups finish before the next round (bounded).
      for (let i = 0; i < 120 && (await backlog()).follow_ups > 0; i++)
        await new Promise((s) => setTimeout(s, 500));
    }
  }
  const summary = (phase: string) => {
    const list = rounds.filter((r) => r.phase === phase) as {
      ratio: number;
      bare: { perSecond: number };
      product: { perSecond: number; serverCpuUsPerRead: number };
    }[];
    if (!list.length) return undefined;
    return {
      bareMedian: median(list.map((r) => r.bare.perSecond)),
      productMedian: median(list.map((r) => r.product.perSecond)),
      ratioMedian: median(list.map((r) => r.ratio)),
      serverCpuUsPerReadMedian: median(list.map((r) => r.product.serverCpuUsPerRead)),
    };
  };
  results.rounds = rounds;
  results.quiet = summary('quiet');
  results.afterBurst = summary('after burst');
  results.loadavgAtEnd = loadavg();
  await db.end();
} finally {
  await stopChild(running.server);
  await stopChild(running.bare);
}
writeFileSync(path.resolve(ROOT, values.out ?? ''), `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify({ quiet: results.quiet, afterBurst: results.afterBurst }, null, 2));
