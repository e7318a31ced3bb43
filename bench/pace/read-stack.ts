/**
 * Issue 18: where a ticket read's Node CPU goes, in three layers, on the data `reads.ts --keep-data`
 * left (.tmp/pace-reads; PostgreSQL started by the desk on 4590, worker off):
 *   plain: a bare Fastify (logger off, no plugins, port 4583) answering one real ticket read's JSON;
 *   stack: the desk's own app (buildApp: logger, cookie, security headers, auth, same-origin, rate
 *          limit, valid-text, metrics, fast-json-stringify; port 4582) answering the same JSON from a
 *          bench-only route added here (`/api/v1/bench-read-json`, session cookie), no database;
 *   read:  `GET /api/v1/tickets/{random id}` on the desk itself (port 4581).
 * Node CPU per request of each server process (/proc), the same autocannon (32 connections) in turn.
 *   node bench/pace/read-stack.ts [--seconds 5] [--rounds 3] [--out bench/results/issue18-read-stack.json]
 *        [--layers plain,stack,read] [--profile (node --cpu-prof, into .tmp/pace-reads/prof-stack)]
 *        [--rate N (N requests a second in all instead of as many as answered: the servers below
 *        their limit, so CPU a request varies less from run to run, for before/after pairs)]
 *        [--server-root DIR (another checkout's desk and app, same data: before/after pairs)]
 * The servers are children of this process; only they are stopped.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import {
  BENCH_ADMIN,
  envOptions,
  loadavg,
  machine,
  median,
  ownCpuSeconds,
  ROOT,
  startDesk,
  stopChild,
  waitFor,
} from './lib.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    rate: { type: 'string' },
    /** The desk's and the stack's environment (repeatable NAME=value), e.g. LOG_LEVEL=info. */
    env: { type: 'string', multiple: true, default: [] },
    out: { type: 'string', default: 'bench/results/issue18-read-stack.json' },
    layers: { type: 'string', default: 'plain,stack,read' },
    profile: { type: 'boolean', default: false },
    'server-root': { type: 'string' },
    /** Internal: run as one of the two servers. */
    serve: { type: 'string' },
    json: { type: 'string' },
  },
});
/** The system (kernel) CPU seconds of one process, from /proc. */
function systemSeconds(pid: number): number {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[12]) / 100;
  } catch {
    return 0;
  }
}

const DESK = 4581;
const STACK = 4582;
const PLAIN = 4583;
const PG_URL = 'postgres://servicedesk:servicedesk@127.0.0.1:4590/servicedesk';
const DATA = path.join(ROOT, '.tmp/pace-reads');

if (values.serve) {
  // A child: serve the ticket JSON given (a file) through the plain or the desk's stack.
  const body = JSON.parse((await import('node:fs')).readFileSync(values.json ?? '', 'utf8'));
  if (values.serve === 'plain') {
    const Fastify = (await import('fastify')).default;
    const app = Fastify({ logger: false });
    app.get('/ticket', async () => body);
    await app.listen({ port: PLAIN, host: '127.0.0.1' });
  } else {
    // The app of this checkout, or of --server-root's (its working directory).
    const at = (file: string) => path.join(process.cwd(), file);
    const { buildApp } = await import(at('server/src/app.ts'));
    const { loadConfig } = await import(at('server/src/config.ts'));
    const { connectDatabase } = await import(at('server/src/platform/db/database.ts'));
    const { EventHub } = await import(at('server/src/platform/events/events.ts'));
    const { fastSerializerCompiler } = await import(at('server/src/platform/http/fast-serializer.ts'));
    const { TicketDto } = await import(at('contracts/tickets.ts'));
    const config = loadConfig({
      ...process.env,
      DATA_DIR: DATA,
      PUBLIC_URL: `http://127.0.0.1:${STACK}`,
    });
    const database = connectDatabase(PG_URL);
    const app = await buildApp({
      db: database.db,
      config,
      events: new EventHub(),
      logger: { level: config.LOG_LEVEL },
    });
    app.get(
      '/api/v1/bench-read-json',
      { schema: { response: { 200: TicketDto } }, serializerCompiler: fastSerializerCompiler },
      async () => body,
    );
    await app.listen({ port: STACK, host: '127.0.0.1' });
  }
  process.on('SIGTERM', () => process.exit(0));
} else {
  const children: ChildProcess[] = [];
  const profileDir = path.join(DATA, 'prof-stack');
  const serverRoot = values['server-root'] ? path.resolve(values['server-root']) : ROOT;
  const profileFlags = values.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const start = (args: string[], env: Record<string, string> = {}) => {
    const child = spawn(process.execPath, [...profileFlags, ...args], {
      cwd: serverRoot,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, ...env },
    });
    children.push(child);
    return child;
  };
  const cannon = (options: autocannon.Options) =>
    new Promise<autocannon.Result>((resolve, reject) =>
      autocannon(options, (error, result) => (error ? reject(error) : resolve(result))),
    );
  const results: Record<string, unknown> = { machine: machine(), at: new Date().toISOString() };
  try {
    const desk = startDesk({
      dataDir: DATA,
      port: DESK,
      pgPort: 4590,
      root: serverRoot,
      nodeFlags: profileFlags,
      log: 'stderr',
      env: { DEMO_DATA: 'false', RUN_WORKER: 'false', ...envOptions(values.env) },
    });
    children.push(desk);
    await waitFor(`http://127.0.0.1:${DESK}/readyz`);
    const login = async (port: number) => {
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(BENCH_ADMIN),
      });
      return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    };
    const db = new pg.Pool({ connectionString: PG_URL, max: 1 });
    const ids = (
      await db.query<{ id: string }>('select id from tickets order by random() limit 20000')
    ).rows.map((r) => r.id);
    await db.end();
    const deskCookie = await login(DESK);
    const sample = await (
      await fetch(`http://127.0.0.1:${DESK}/api/v1/tickets/${ids[0]}`, { headers: { cookie: deskCookie } })
    ).text();
    const jsonFile = path.join(DATA, 'read-stack-ticket.json');
    writeFileSync(jsonFile, sample);
    const self = path.join(ROOT, 'bench/pace/read-stack.ts');
    const plain = start([self, '--serve', 'plain', '--json', jsonFile]);
    const stack = start([self, '--serve', 'stack', '--json', jsonFile], envOptions(values.env));
    await waitFor(`http://127.0.0.1:${PLAIN}/ticket`);
    await waitFor(`http://127.0.0.1:${STACK}/healthz`);
    const stackCookie = await login(STACK);
    const chosen = new Set((values.layers ?? '').split(','));
    const layers = [
      {
        name: 'plain',
        pid: plain.pid ?? 0,
        url: `http://127.0.0.1:${PLAIN}`,
        path: () => '/ticket',
        cookie: '',
      },
      {
        name: 'stack',
        pid: stack.pid ?? 0,
        url: `http://127.0.0.1:${STACK}`,
        path: () => '/api/v1/bench-read-json',
        cookie: stackCookie,
      },
      {
        name: 'read',
        pid: desk.pid ?? 0,
        url: `http://127.0.0.1:${DESK}`,
        path: () => `/api/v1/tickets/${ids[Math.floor(Math.random() * ids.length)]}`,
        cookie: deskCookie,
      },
    ].filter((layer) => chosen.has(layer.name));
    const run = async (layer: (typeof layers)[number], seconds: number) => {
      const before = ownCpuSeconds(layer.pid);
      const systemBefore = systemSeconds(layer.pid);
      const result = await cannon({
        url: layer.url,
        connections: 32,
        duration: seconds,
        ...(values.rate ? { overallRate: Number(values.rate) } : {}),
        headers: { cookie: layer.cookie },
        requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: layer.path() }) }],
      });
      const cpu = ownCpuSeconds(layer.pid) - before;
      const system = systemSeconds(layer.pid) - systemBefore;
      const requests = Math.max(1, result.requests.total);
      return {
        perSecond: Math.round(result.requests.average),
        non2xx: result.non2xx,
        nodeCpuUsPerRequest: Math.round((cpu * 1e6) / requests),
        // Of which in the kernel (the sockets' system calls: reading the request, writing the answer).
        systemUsPerRequest: Math.round((system * 1e6) / requests),
      };
    };
    for (const layer of layers) await run(layer, 2); // warm-up
    const rounds: Record<string, unknown>[] = [];
    for (let r = 0; r < Number(values.rounds); r++) {
      const round: Record<string, unknown> = { round: r + 1, loadavg: loadavg() };
      for (const layer of layers) round[layer.name] = await run(layer, Number(values.seconds));
      rounds.push(round);
      console.log(JSON.stringify(round));
    }
    results.bytes = Buffer.byteLength(sample);
    results.rounds = rounds;
    results.medianNodeCpuUsPerRequest = Object.fromEntries(
      layers.map((l) => [
        l.name,
        median(rounds.map((r) => (r[l.name] as { nodeCpuUsPerRequest: number }).nodeCpuUsPerRequest)),
      ]),
    );
    console.log(JSON.stringify(results.medianNodeCpuUsPerRequest));
  } finally {
    for (const child of children.reverse()) await stopChild(child);
  }
  writeFileSync(path.resolve(ROOT, values.out ?? ''), `${JSON.stringify(results, null, 2)}\n`);
}
