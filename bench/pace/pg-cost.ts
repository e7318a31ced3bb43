/**
 * Issue 18, PostgreSQL's part of a ticket: a burst of `POST /api/v1/tickets` at 32 connections
 * against a fresh desk (as scripts/start.sh runs it: DEMO_DATA=true, own DATA_DIR under .tmp/,
 * own ports), then, per created ticket: PostgreSQL's CPU (the server's descendants, from /proc),
 * Node's CPU, the WAL bytes (pg_current_wal_lsn before and after), the statements
 * (pg_stat_statements: calls, total_exec_time, rows, shared_blks_dirtied, wal_bytes per statement)
 * and the index and heap writes per table (pg_stat_user_tables / _indexes). With the worker on it
 * measures twice: at the end of the burst (the intake and what ran alongside) and when everything is
 * done (follow-ups and triage). Stops only the processes it started.
 *
 *   node bench/pace/pg-cost.ts --worker off --seconds 10 [--port 4620 --pg-port 4630] [--out x.json]
 *   node bench/pace/pg-cost.ts --worker same --seconds 10 --drain-limit 90
 *   node bench/pace/pg-cost.ts --root .tmp/base ...      # the server code of another checkout
 */
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { apiCaller, bearerHeader } from '../lib/api.ts';
import {
  BENCH_ADMIN,
  cpuSeconds,
  createTickets,
  loadavg,
  machine,
  ownCpuSeconds,
  ROOT,
  sleep,
  startDesk,
  stopChild,
  waitFor,
} from './lib.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    worker: { type: 'string', default: 'off' },
    port: { type: 'string', default: '4620' },
    'pg-port': { type: 'string', default: '4630' },
    'drain-limit': { type: 'string', default: '90' },
    /** Run the server of another checkout (e.g. .tmp/base, the code before). */
    root: { type: 'string' },
    top: { type: 'string', default: '15' },
    /** Count the statements inside functions too (pg_stat_statements.track = all): add_jobs' parts. */
    'track-all': { type: 'boolean', default: false },
    /** Count each statement's planning too (pg_stat_statements.track_planning): plans and plan time a ticket. */
    'track-planning': { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const seconds = Number(values.seconds);
const workerMode = values.worker as 'same' | 'off';
if (!['same', 'off'].includes(workerMode)) throw new Error('--worker same|off');
const port = Number(values.port);
const pgPort = Number(values['pg-port']);
const base = `http://127.0.0.1:${port}`;
const serverRoot = values.root ? path.resolve(values.root) : ROOT;

async function backlogEmpty(db: pg.Client): Promise<boolean> {
  const { rows } = await db.query<{ n: number }>(`select
    (select count(*) from ticket_follow_ups where attempts < 5)::int
    + (select count(*) from graphile_worker.jobs where run_at <= now() and attempts < max_attempts)::int as n`);
  return rows[0]?.n === 0;
}

/**
 * PostgreSQL's CPU seconds by kind of process (the server's descendants: client backends, io
 * workers, walwriter, autovacuum, ...), and the CPU of its children that have exited and been
 * reaped (the postmaster's cutime + cstime: autovacuum workers that came and went, which the
 * live-process sums of bench/pace/create.ts do not see). The backends of `listeners` (the
 * desk's LISTEN connection: every pg_notify of a committed transaction is sent to it) apart.
 */
function pgCpuByKind(rootPid: number, listeners: ReadonlySet<number>): Record<string, number> {
  const procs = new Map<number, { ppid: number; cpu: number; reaped: number; title: string }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      procs.set(Number(entry), {
        ppid: Number(f[1]),
        cpu: (Number(f[11]) + Number(f[12])) / 100,
        reaped: (Number(f[13]) + Number(f[14])) / 100,
        title,
      });
    } catch {}
  }
  const out: Record<string, number> = {};
  const add = (k: string, v: number) => {
    out[k] = (out[k] ?? 0) + v;
  };
  const walk = (pid: number) => {
    for (const [child, p] of procs) {
      if (p.ppid !== pid) continue;
      if (/^postgres: /.test(p.title)) {
        const rest = p.title.slice('postgres: '.length);
        const kind = listeners.has(child)
          ? 'the LISTEN backend (live events)'
          : /^\S+ \S+ [\d.]+\(/.test(rest)
            ? 'backends'
            : rest.replace(/\s+\d+$/, '');
        add(kind, p.cpu);
      } else if (/postgres|bin\/postgres/.test(p.title)) {
        add('postmaster', p.cpu);
        add('exited children (reaped)', p.reaped);
      }
      walk(child);
    }
  };
  walk(rootPid);
  return out;
}

interface Snapshot {
  lsn: string;
  /** pg_stat_wal: records and full-page images written since the statistics' reset. */
  walRecords: number;
  walFpi: number;
  cpu: number;
  node: number;
  byKind: Record<string, number>;
  tables: Map<string, { ins: number; upd: number; idx: number; seqRead: number }>;
}

async function snapshot(db: pg.Client, pid: number): Promise<Snapshot> {
  const { rows } = await db.query<{ lsn: string; records: string; fpi: string }>(
    'select pg_current_wal_lsn()::text as lsn, wal_records as records, wal_fpi as fpi from pg_stat_wal',
  );
  // Heap rows written per table, and index entries written (idx_tup_* is read; the index writes
  // are the table's inserts + non-HOT updates times its number of indexes, counted below).
  const t = await db.query<{ name: string; ins: string; upd: string; hot: string; idx: number; seq: string }>(
    `select s.schemaname || '.' || s.relname as name, s.n_tup_ins as ins, s.n_tup_upd as upd, s.n_tup_hot_upd as hot,
            coalesce(s.seq_tup_read, 0) as seq,
            (select count(*) from pg_index i where i.indrelid = s.relid)::int as idx
       from pg_stat_user_tables s`,
  );
  const listening = await db.query<{ pid: number }>(
    `select pid from pg_stat_activity where query ilike 'listen %' and pid <> pg_backend_pid()`,
  );
  const tables = new Map(
    t.rows.map((r) => [
      r.name,
      { ins: Number(r.ins), upd: Number(r.upd) - Number(r.hot), idx: r.idx, seqRead: Number(r.seq) },
    ]),
  );
  return {
    lsn: rows[0]?.lsn ?? '0/0',
    walRecords: Number(rows[0]?.records ?? 0),
    walFpi: Number(rows[0]?.fpi ?? 0),
    cpu: cpuSeconds(pid),
    node: ownCpuSeconds(pid),
    byKind: pgCpuByKind(pid, new Set(listening.rows.map((r) => r.pid))),
    tables,
  };
}

async function measure(db: pg.Client, pid: number, from: Snapshot, created: number) {
  // pg_stat_user_tables is updated when a backend reports (at most every second or at idle).
  await db.query('select pg_stat_force_next_flush()').catch(() => undefined);
  await sleep(1200);
  const now = await snapshot(db, pid);
  const wal = await db.query<{ bytes: string }>('select pg_wal_lsn_diff($1, $2)::bigint as bytes', [
    now.lsn,
    from.lsn,
  ]);
  const per = (x: number) => Number((x / Math.max(1, created)).toFixed(3));
  const { rows } = await db.query<{
    query: string;
    calls: string;
    ms: number;
    rows: string;
    dirtied: string;
    hit: string;
    wal: string;
    plans: string;
    planMs: number;
  }>(`select left(regexp_replace(query, '\\s+', ' ', 'g'), 160) as query, calls, round(total_exec_time::numeric, 1)::float as ms,
             plans, round(total_plan_time::numeric, 1)::float as "planMs",
             rows, shared_blks_dirtied as dirtied, shared_blks_hit + shared_blks_read as hit, wal_bytes as wal
        from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
         and query not ilike '%pg_stat%' order by total_exec_time desc`);
  const calls = rows.reduce((s, r) => s + Number(r.calls), 0);
  const execMs = rows.reduce((s, r) => s + r.ms, 0);
  const writes = [...now.tables]
    .map(([name, t]) => {
      const f = from.tables.get(name) ?? { ins: 0, upd: 0, idx: t.idx, seqRead: 0 };
      const rowsWritten = t.ins - f.ins + (t.upd - f.upd);
      return {
        table: name,
        rowsPerTicket: per(rowsWritten),
        indexes: t.idx,
        // An upper bound: a partial index is written only for the rows it covers.
        indexEntriesPerTicket: per(rowsWritten * t.idx),
        // Rows read by sequential scans: a kept plan that scans a table the burst makes large.
        seqRowsReadPerTicket: per(t.seqRead - f.seqRead),
      };
    })
    .filter((w) => w.rowsPerTicket > 0 || w.seqRowsReadPerTicket > 100)
    .sort((a, b) => b.indexEntriesPerTicket - a.indexEntriesPerTicket);
  return {
    // lib.ts's cpuSeconds counts the children that exited meanwhile too (pool connections
    // closed when idle, autovacuum workers: reaped by the postmaster, in its cutime).
    pgCpuMsPerTicket: per((now.cpu - from.cpu - (now.node - from.node)) * 1000),
    nodeCpuMsPerTicket: per((now.node - from.node) * 1000),
    pgCpuMsPerTicketByKind: Object.fromEntries(
      Object.entries(now.byKind)
        .map(([k, v]) => [k, per((v - (from.byKind[k] ?? 0)) * 1000)] as const)
        .filter(([, v]) => v !== 0)
        .sort((a, b) => b[1] - a[1]),
    ),
    walBytesPerTicket: Math.round(Number(wal.rows[0]?.bytes ?? 0) / Math.max(1, created)),
    walRecordsPerTicket: per(now.walRecords - from.walRecords),
    // Full-page images: a page's first change after a checkpoint is written whole (up to 8 kB).
    walFullPagesPerTicket: per(now.walFpi - from.walFpi),
    statementsPerTicket: per(calls),
    execMsPerTicket: per(execMs),
    planMsPerTicket: per(rows.reduce((s, r) => s + r.planMs, 0)),
    indexEntriesPerTicket: Number(writes.reduce((s, w) => s + w.indexEntriesPerTicket, 0).toFixed(2)),
    seqRowsReadPerTicket: Math.round(writes.reduce((s, w) => s + w.seqRowsReadPerTicket, 0)),
    writes: writes.slice(0, 20),
    top: rows.slice(0, Number(values.top)).map((r) => ({
      query: r.query,
      callsPerTicket: per(Number(r.calls)),
      msPerTicket: per(r.ms),
      // Planned again at each call (a custom plan) or once and kept (a generic one).
      ...(values['track-planning']
        ? {
            plansPerCall: Number((Number(r.plans) / Math.max(1, Number(r.calls))).toFixed(2)),
            planMsPerTicket: per(r.planMs),
          }
        : {}),
      rowsPerCall: Number((Number(r.rows) / Math.max(1, Number(r.calls))).toFixed(1)),
      // Pages a call touched: a call that reads far more pages than it returns rows scans.
      blocksPerCall: Number((Number(r.hit) / Math.max(1, Number(r.calls))).toFixed(1)),
      dirtiedPerTicket: per(Number(r.dirtied)),
      walBytesPerTicket: Math.round(Number(r.wal) / Math.max(1, created)),
    })),
  };
}

async function run() {
  const dataDir = path.join(ROOT, '.tmp', 'pg-cost');
  rmSync(dataDir, { recursive: true, force: true });
  const server: ChildProcess = startDesk({
    dataDir,
    port,
    pgPort,
    root: serverRoot,
    env: { DEMO_DATA: 'true', RUN_WORKER: workerMode === 'same' ? 'true' : 'false' },
  });
  const db = new pg.Client({
    connectionString: `postgres://servicedesk:servicedesk@127.0.0.1:${pgPort}/servicedesk`,
  });
  try {
    await waitFor(`${base}/readyz`);
    const pid = server.pid ?? 0;
    const auth = await bearerHeader(apiCaller(base), {
      ...BENCH_ADMIN,
      tokenName: 'pg-cost',
    });
    await db.connect();
    await db.query('create extension if not exists pg_stat_statements');
    if (values['track-planning']) {
      await db.query('alter system set pg_stat_statements.track_planning = on');
      await db.query('select pg_reload_conf()');
    }
    if (values['track-all']) {
      await db.query(`alter system set pg_stat_statements.track = 'all'`);
      await db.query('select pg_reload_conf()');
    }
    for (let i = 0; i < 240 && workerMode === 'same' && !(await backlogEmpty(db)); i++) await sleep(250);
    await db.query('select pg_stat_statements_reset()');
    const start = await snapshot(db, pid);
    const load = loadavg();
    const result = await createTickets(auth, {
      url: base,
      connections: Number(values.connections),
      duration: seconds,
    });
    const created = result.requests.total - result.non2xx;
    const burst = await measure(db, pid, start, created);
    let untilDone = null;
    let doneAfterS = null;
    if (workerMode === 'same') {
      const end = performance.now();
      while (performance.now() - end < Number(values['drain-limit']) * 1000) {
        if (await backlogEmpty(db)) {
          doneAfterS = Number(((performance.now() - end) / 1000).toFixed(1));
          break;
        }
        await sleep(200);
      }
      untilDone = await measure(db, pid, start, created);
    }
    return {
      machine: machine(),
      at: new Date().toISOString(),
      code: serverRoot,
      worker: workerMode,
      loadAtBurst: load,
      loadAfter: loadavg(),
      createsPerSecond: Math.round(result.requests.average),
      created,
      non2xx: result.non2xx,
      errors: result.errors,
      latencyMs: { p50: result.latency.p50, p99: result.latency.p99 },
      burst,
      doneAfterS,
      untilDone,
    };
  } finally {
    await db.end().catch(() => undefined);
    await stopChild(server);
  }
}

const output = await run();
const brief = (m: Awaited<ReturnType<typeof measure>> | null) =>
  m && {
    pgCpuMsPerTicket: m.pgCpuMsPerTicket,
    nodeCpuMsPerTicket: m.nodeCpuMsPerTicket,
    pgByKind: m.pgCpuMsPerTicketByKind,
    walBytesPerTicket: m.walBytesPerTicket,
    walRecordsPerTicket: m.walRecordsPerTicket,
    walFullPagesPerTicket: m.walFullPagesPerTicket,
    statementsPerTicket: m.statementsPerTicket,
    execMsPerTicket: m.execMsPerTicket,
    indexEntriesPerTicket: m.indexEntriesPerTicket,
    seqRowsReadPerTicket: m.seqRowsReadPerTicket,
  };
console.log(
  JSON.stringify({
    load: output.loadAtBurst,
    createsPerSecond: output.createsPerSecond,
    created: output.created,
    non2xx: output.non2xx,
    errors: output.errors,
    burst: brief(output.burst),
    doneAfterS: output.doneAfterS,
    untilDone: brief(output.untilDone),
  }),
);
if (values.out) await writeFile(path.resolve(values.out), `${JSON.stringify(output, null, 2)}\n`);
