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
 *        [--against DIR (a second desk and stack from another checkout, on the same PostgreSQL, driven
 *        at the same time as this one, each at --rate: both sides see the same machine in the same
 *        seconds, so a before/after difference is not the minute's; the plain layer is left out)]
 *        [--env-against NAME=value (B's own setting; `--against .` compares two settings of this checkout)]
 *        [--pairs N (with --against: N runs, each with its own new server processes; a process's own
 *        state, its compiled code above all, moved its CPU a request by 20-30 µs from one start to the
 *        next, which rounds within one pair of processes cannot see)]
 * The servers are children of this process; only they are stopped.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import {
  BENCH_ADMIN,
  cannon,
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
    against: { type: 'string' },
    /** Side B's own environment on top of --env (repeatable NAME=value): B may be this checkout with a setting changed. */
    'env-against': { type: 'string', multiple: true, default: [] },
    /** With --against: this many pairs of server processes, one after the other (see below). */
    pairs: { type: 'string', default: '1' },
    /** Internal: run as one of the two servers (the stack on --port). */
    serve: { type: 'string' },
    json: { type: 'string' },
    port: { type: 'string' },
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
/** The --against side's desk and stack. */
const AGAINST_DESK = 4584;
const AGAINST_STACK = 4585;
/** With --against, the desk that owns the embedded PostgreSQL and serves nothing measured. */
const PG_OWNER = 4586;
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
    const port = Number(values.port ?? STACK);
    const config = loadConfig({
      ...process.env,
      DATA_DIR: DATA,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
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
    await app.listen({ port, host: '127.0.0.1' });
  }
  process.on('SIGTERM', () => process.exit(0));
} else if (Number(values.pairs) > 1) {
  if (!values.against) throw new Error('--pairs compares two sides: give --against');
  // Each pair a run of this script with new servers; the rounds of all, and B - A over all of them.
  const runs: { rounds: Record<string, Record<string, { nodeCpuUsPerRequest: number }>>[] }[] = [];
  const args: string[] = [];
  for (let i = 2; i < process.argv.length; i++) {
    const arg = process.argv[i] ?? '';
    if (arg === '--pairs' || arg === '--out') i++;
    else if (!arg.startsWith('--pairs=') && !arg.startsWith('--out=')) args.push(arg);
  }
  for (let pair = 1; pair <= Number(values.pairs); pair++) {
    const out = path.join(DATA, `read-stack-pair-${pair}.json`);
    const run = spawnSync(process.execPath, [process.argv[1] ?? '', ...args, '--out', out], {
      stdio: 'inherit',
    });
    if (run.status !== 0) throw new Error(`pair ${pair} failed`);
    runs.push(JSON.parse(readFileSync(out, 'utf8')));
  }
  const layers = Object.keys(runs[0]?.rounds[0] ?? {}).filter((k) => k !== 'round' && k !== 'loadavg');
  const differences = Object.fromEntries(
    layers.map((layer) => {
      const perPair = runs.map((r) =>
        r.rounds.map((round) => {
          const entry = round[layer] as unknown as Record<'A' | 'B', { nodeCpuUsPerRequest: number }>;
          return entry.B.nodeCpuUsPerRequest - entry.A.nodeCpuUsPerRequest;
        }),
      );
      return [layer, { perPair, medianPerPair: perPair.map(median), median: median(perPair.flat()) }];
    }),
  );
  console.log(JSON.stringify(differences));
  writeFileSync(
    path.resolve(ROOT, values.out ?? ''),
    `${JSON.stringify({ machine: machine(), at: new Date().toISOString(), pairs: runs, bMinusA: differences }, null, 2)}\n`,
  );
} else {
  const children: ChildProcess[] = [];
  const profileDir = path.join(DATA, 'prof-stack');
  const serverRoot = values['server-root'] ? path.resolve(values['server-root']) : ROOT;
  const profileFlags = values.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const start = (root: string, args: string[], env: Record<string, string> = {}) => {
    const child = spawn(process.execPath, [...profileFlags, ...args], {
      cwd: root,
      // Standard output through a pipe read here, as the desk's below.
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...env },
    });
    child.stdout?.resume();
    children.push(child);
    return child;
  };
  const results: Record<string, unknown> = { machine: machine(), at: new Date().toISOString() };
  try {
    // Side A is this checkout (or --server-root's), side B (--against) another's. Alone, A owns
    // the embedded PostgreSQL; with B, an idle third desk owns it and both sides connect to it,
    // so that neither pays for minding it (a desk that owns its PostgreSQL measured 7-9 µs a read
    // more than one beside it running the same code).
    const sides = [
      { name: 'A', root: serverRoot, deskPort: DESK, stackPort: STACK },
      ...(values.against
        ? [
            {
              name: 'B',
              root: path.resolve(values.against),
              deskPort: AGAINST_DESK,
              stackPort: AGAINST_STACK,
            },
          ]
        : []),
    ];
    const deskEnv = { DEMO_DATA: 'false', RUN_WORKER: 'false', ...envOptions(values.env) };
    if (values.against) {
      const owner = startDesk({
        dataDir: DATA,
        port: PG_OWNER,
        pgPort: 4590,
        root: serverRoot,
        log: 'pipe',
        env: deskEnv,
      });
      children.push(owner);
      await waitFor(`http://127.0.0.1:${PG_OWNER}/readyz`);
    }
    const desks: ChildProcess[] = [];
    for (const side of sides) {
      const desk = startDesk({
        dataDir: DATA,
        port: side.deskPort,
        ...(values.against ? {} : { pgPort: 4590 }),
        root: side.root,
        nodeFlags: profileFlags,
        log: 'pipe',
        env: {
          ...deskEnv,
          ...(values.against ? { DATABASE_URL: PG_URL } : {}),
          ...(side.name === 'B' ? envOptions(values['env-against']) : {}),
        },
      });
      desks.push(desk);
      children.push(desk);
      await waitFor(`http://127.0.0.1:${side.deskPort}/readyz`);
    }
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
    const deskCookies = await Promise.all(sides.map((side) => login(side.deskPort)));
    const sample = await (
      await fetch(`http://127.0.0.1:${DESK}/api/v1/tickets/${ids[0]}`, {
        headers: { cookie: deskCookies[0] ?? '' },
      })
    ).text();
    const jsonFile = path.join(DATA, 'read-stack-ticket.json');
    writeFileSync(jsonFile, sample);
    const self = path.join(ROOT, 'bench/pace/read-stack.ts');
    const chosen = new Set((values.layers ?? '').split(','));
    // A layer's server on each side (the plain one only when there is one side: it has no code of the desk's).
    const plain =
      chosen.has('plain') && sides.length === 1
        ? start(ROOT, [self, '--serve', 'plain', '--json', jsonFile])
        : null;
    const stacks = chosen.has('stack')
      ? sides.map((side) =>
          start(side.root, [self, '--serve', 'stack', '--json', jsonFile, '--port', String(side.stackPort)], {
            ...envOptions(values.env),
            ...(side.name === 'B' ? envOptions(values['env-against']) : {}),
          }),
        )
      : [];
    if (plain) await waitFor(`http://127.0.0.1:${PLAIN}/ticket`);
    for (const [i] of stacks.entries()) await waitFor(`http://127.0.0.1:${sides[i]?.stackPort}/healthz`);
    const stackCookies = await Promise.all(stacks.map((_, i) => login(sides[i]?.stackPort ?? 0)));
    interface Target {
      pid: number;
      url: string;
      cookie: string;
    }
    const layers: { name: string; path: () => string; targets: Target[] }[] = [];
    if (plain) {
      layers.push({
        name: 'plain',
        path: () => '/ticket',
        targets: [{ pid: plain.pid ?? 0, url: `http://127.0.0.1:${PLAIN}`, cookie: '' }],
      });
    }
    if (stacks.length) {
      layers.push({
        name: 'stack',
        path: () => '/api/v1/bench-read-json',
        targets: sides.map((side, i) => ({
          pid: stacks[i]?.pid ?? 0,
          url: `http://127.0.0.1:${side.stackPort}`,
          cookie: stackCookies[i] ?? '',
        })),
      });
    }
    if (chosen.has('read')) {
      layers.push({
        name: 'read',
        path: () => `/api/v1/tickets/${ids[Math.floor(Math.random() * ids.length)]}`,
        targets: sides.map((side, i) => ({
          pid: desks[i]?.pid ?? 0,
          url: `http://127.0.0.1:${side.deskPort}`,
          cookie: deskCookies[i] ?? '',
        })),
      });
    }
    const drive = async (target: Target, path: () => string, seconds: number) => {
      const before = ownCpuSeconds(target.pid);
      const systemBefore = systemSeconds(target.pid);
      const result = await cannon({
        url: target.url,
        connections: 32,
        duration: seconds,
        ...(values.rate ? { overallRate: Number(values.rate) } : {}),
        headers: { cookie: target.cookie },
        requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: path() }) }],
      });
      const cpu = ownCpuSeconds(target.pid) - before;
      const system = systemSeconds(target.pid) - systemBefore;
      const requests = Math.max(1, result.requests.total);
      return {
        perSecond: Math.round(result.requests.average),
        non2xx: result.non2xx,
        nodeCpuUsPerRequest: Math.round((cpu * 1e6) / requests),
        // Of which in the kernel (the sockets' system calls: reading the request, writing the answer).
        systemUsPerRequest: Math.round((system * 1e6) / requests),
      };
    };
    type Measured = Awaited<ReturnType<typeof drive>>;
    // One side: as before. Two: both driven in the same seconds, one entry a side.
    const run = async (layer: (typeof layers)[number], seconds: number) => {
      const measured = await Promise.all(layer.targets.map((t) => drive(t, layer.path, seconds)));
      return measured.length === 1
        ? (measured[0] as Measured)
        : Object.fromEntries(measured.map((m, i) => [sides[i]?.name ?? '', m]));
    };
    for (const layer of layers) await run(layer, 2); // warm-up
    const rounds: Record<string, unknown>[] = [];
    for (let r = 0; r < Number(values.rounds); r++) {
      const round: Record<string, unknown> = { round: r + 1, loadavg: loadavg() };
      for (const layer of layers) round[layer.name] = await run(layer, Number(values.seconds));
      rounds.push(round);
      console.log(JSON.stringify(round));
    }
    const cpuOf = (round: Record<string, unknown>, layer: string, side: string) => {
      const entry = round[layer] as Measured | Record<string, Measured>;
      return (sides.length === 1 ? (entry as Measured) : (entry as Record<string, Measured>)[side])
        ?.nodeCpuUsPerRequest;
    };
    results.bytes = Buffer.byteLength(sample);
    if (values.against) {
      results.sides = sides.map(({ name, root }) => ({
        name,
        root,
        env: [...(values.env ?? []), ...(name === 'B' ? (values['env-against'] ?? []) : [])],
      }));
    }
    results.rounds = rounds;
    results.medianNodeCpuUsPerRequest = Object.fromEntries(
      layers.flatMap((l) =>
        sides
          .filter((_, i) => i < l.targets.length)
          .map((side) => [
            sides.length === 1 ? l.name : `${l.name} ${side.name}`,
            median(rounds.map((r) => cpuOf(r, l.name, side.name) ?? 0)),
          ]),
      ),
    );
    console.log(JSON.stringify(results.medianNodeCpuUsPerRequest));
  } finally {
    for (const child of children.reverse()) await stopChild(child);
  }
  writeFileSync(path.resolve(ROOT, values.out ?? ''), `${JSON.stringify(results, null, 2)}\n`);
}
