/**
 * Shared pieces of the issue 18 benchmarks: starting and stopping the processes they own (by
 * PID only), the machine's load, CPU time of processes and threads from /proc, the desk's
 * backlog, and the statements PostgreSQL ran (pg_stat_statements, preloaded by the embedded
 * PostgreSQL).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, openSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import type pg from 'pg';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const LIMITS = process.env.LIMITS_MJS ?? path.resolve(ROOT, '../shared/tools/limits.mjs');

export function machine(): string {
  return `${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
}

export function loadavg(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitFor(url: string, timeoutMs = 180_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await sleep(250);
  }
  throw new Error(`${url} did not come up`);
}

/**
 * Stops a child this bench started (SIGTERM by its PID) and waits for it to exit; with
 * `killAfterMs`, one still running then is killed (SIGKILL, by the same PID).
 */
export async function stopChild(
  child: ChildProcess | null,
  signal: NodeJS.Signals = 'SIGTERM',
  killAfterMs?: number,
) {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(child.pid, signal);
  if (killAfterMs === undefined) return void (await exited);
  await Promise.race([exited, sleep(killAfterMs)]);
  if (child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL');
}

/** A bench's repeatable `--env NAME=value` options as the environment they give the desk. */
export function envOptions(given: readonly string[] | undefined): Record<string, string> {
  return Object.fromEntries(
    (given ?? []).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
}

/** The bench's administrator, which every desk a bench starts is set up with. */
export const BENCH_ADMIN = { email: 'admin@example.com', password: 'admin-pass-123' };

/**
 * The desk as scripts/start.sh runs it (`node server/src/main.ts`: one process, the worker on its
 * own thread, its own embedded PostgreSQL), for a bench: on 127.0.0.1 at `port`, its PostgreSQL at
 * `pgPort` (none for a desk given a DATABASE_URL in `env`), its files in `dataDir`, the bench's
 * administrator, its default log level (info: an access line a request; until stop 35 the benches
 * ran it at warn, which start.sh does not). `env` adds to or overrides that (DEMO_DATA,
 * RUN_WORKER, LOG_LEVEL, ...),
 * `nodeFlags` go before the script (`--cpu-prof`, ...), `root` is another checkout's server (the
 * code before, in an A/B). Its output is appended to `dataDir/<log>.log`, or with `log:
 * 'stderr'` its standard error is the bench's and its standard output dropped; with `log: 'pipe'` its
 * standard output is a pipe this process reads and drops, as journald or a container's log driver
 * reads a service's (a write to a pipe wakes its reader; one to /dev/null or a file does not).
 */
export function startDesk(options: {
  dataDir: string;
  port: number;
  pgPort?: number;
  env?: Record<string, string>;
  nodeFlags?: string[];
  root?: string;
  log?: string;
}): ChildProcess {
  mkdirSync(options.dataDir, { recursive: true });
  const out =
    options.log === 'stderr'
      ? (['ignore', 'ignore', 'inherit'] as const)
      : options.log === 'pipe'
        ? (['ignore', 'pipe', 'inherit'] as const)
        : (() => {
            const file = openSync(path.join(options.dataDir, `${options.log ?? 'server'}.log`), 'a');
            return ['ignore', file, file] as const;
          })();
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), 'server/src/main.ts'], {
    cwd: options.root ?? ROOT,
    stdio: [...out],
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(options.port),
      ...(options.pgPort === undefined ? {} : { EMBEDDED_PG_PORT: String(options.pgPort) }),
      DATA_DIR: options.dataDir,
      ADMIN_EMAIL: BENCH_ADMIN.email,
      ADMIN_PASSWORD: BENCH_ADMIN.password,
      ...options.env,
    },
  });
  // Read and dropped, as a log collector would read it.
  child.stdout?.resume();
  return child;
}

/** The bare Fastify route of ../shared/tools/limits.mjs on `port`. */
export async function startBareRoute(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [LIMITS, 'http', String(port)], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitFor(`http://127.0.0.1:${port}/ticket`);
  return child;
}

/**
 * `limits.mjs pg` (PostgreSQL alone: ticket-shaped commits/s at 32 clients, 10 s) in this sitting.
 * Its pool can still hold an idle connection when it stops its PostgreSQL, whose "terminating
 * connection" error (57P01) then ends it before it prints (a race): that one is ignored, as
 * bench/pace/create.ts does.
 */
export function pgCeiling(): number {
  const ignoreShutdown =
    "process.on('uncaughtException', (e) => { if (e && e.code === '57P01') return; console.error(e); process.exit(1); });";
  const run = spawnSync(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(ignoreShutdown)}`, LIMITS, 'pg'],
    { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
  );
  const line = run.stdout.split('\n').find((l) => l.includes('pgCommitsPerSecond'));
  if (!line) throw new Error(`limits.mjs pg gave no figure: ${run.stderr.slice(0, 500)}`);
  return (JSON.parse(line) as { pgCommitsPerSecond: number }).pgCommitsPerSecond;
}

/**
 * The whole machine's CPU from /proc/stat, in core-seconds since boot (all cores): busy is
 * everything but idle and iowait, `idle` those two, `stolen` the time the hypervisor gave
 * another guest. Two readings make a window's shares.
 */
export function machineCpu(): { busy: number; total: number; idle: number; stolen: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = ticks.reduce((a, b) => a + b, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return { busy: (total - idle) / 100, total: total / 100, idle: idle / 100, stolen: (ticks[7] ?? 0) / 100 };
}

/**
 * Runs `work` and says how busy the machine was meanwhile (1 = every core) and how much CPU
 * this process (the load generator) spent on each of its `count` requests.
 */
export async function withMachineShare<T>(
  work: () => Promise<T>,
  count: (result: T) => number,
): Promise<{ result: T; machineBusyShare: number; loadGeneratorUsPerRequest: number }> {
  const machineBefore = machineCpu();
  const ownBefore = process.cpuUsage();
  const result = await work();
  const machineAfter = machineCpu();
  const own = process.cpuUsage(ownBefore);
  const span = Math.max(0.01, machineAfter.total - machineBefore.total);
  return {
    result,
    machineBusyShare: Number(((machineAfter.busy - machineBefore.busy) / span).toFixed(3)),
    loadGeneratorUsPerRequest: Math.round((own.user + own.system) / Math.max(1, count(result))),
  };
}

/**
 * One process's or thread's `/proc/.../stat` (`/proc/PID/stat`, `/proc/PID/task/TID/stat`):
 * its name, parent, and CPU in clock ticks (USER_HZ, 100 a second on Linux): user and system
 * time, and the same of its children that exited and were reaped. Null once it is gone.
 */
export function procStat(
  file: string,
): { comm: string; ppid: number; user: number; system: number; reaped: number } | null {
  try {
    const text = readFileSync(file, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return {
      comm: text.slice(text.indexOf('(') + 1, text.lastIndexOf(')')),
      ppid: Number(fields[1]),
      user: Number(fields[11]),
      system: Number(fields[12]),
      reaped: Number(fields[13]) + Number(fields[14]),
    };
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) of one process alone, from /proc. */
export function ownCpuSeconds(pid: number): number {
  const stat = procStat(`/proc/${pid}/stat`);
  return stat ? (stat.user + stat.system) / 100 : 0;
}

/**
 * CPU seconds (user + system) of a process and its live descendants, from /proc; with the
 * children they reaped (pool connections' backends closed when idle, autovacuum workers), whose
 * CPU the live processes' sum alone would lose.
 */
export function cpuSeconds(rootPid: number): number {
  const stats = new Map<number, number>();
  const children = new Map<number, number[]>();
  for (const entry of readdirSyncSafe('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const stat = procStat(`/proc/${pid}/stat`);
    if (!stat) continue;
    stats.set(pid, (stat.user + stat.system + stat.reaped) / 100);
    const list = children.get(stat.ppid) ?? [];
    list.push(pid);
    children.set(stat.ppid, list);
  }
  let total = 0;
  const todo = [rootPid];
  for (let pid = todo.pop(); pid !== undefined; pid = todo.pop()) {
    total += stats.get(pid) ?? 0;
    todo.push(...(children.get(pid) ?? []));
  }
  return total;
}

function readdirSyncSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * What is still to do for new tickets: follow-ups recorded and not yet given up, jobs due (the
 * running ones included), the tickets waiting for triage, and the jobs running.
 */
export async function backlog(client: Pick<pg.Client, 'query'>) {
  const { rows } = await client.query<{
    follow_ups: number;
    due: number;
    triage: number;
    running: number;
  }>(`select
    (select count(*) from ticket_follow_ups where attempts < 5)::int as follow_ups,
    (select count(*) from graphile_worker.jobs where run_at <= now() and attempts < max_attempts)::int as due,
    (select coalesce(sum(case when t.identifier = 'triage.apply' then 1 else json_array_length(j.payload->'ticketIds') end), 0)
       from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
      where t.identifier in ('triage.apply', 'triage.apply_batch') and j.attempts < j.max_attempts)::int as triage,
    (select count(*) from graphile_worker.jobs where locked_at is not null)::int as running`);
  return rows[0] as { follow_ups: number; due: number; triage: number; running: number };
}

/** Everything a burst's new tickets started is done: no follow-up, due job, triage or running job left. */
export function nothingLeft(b: Awaited<ReturnType<typeof backlog>>): boolean {
  return b.follow_ups === 0 && b.due === 0 && b.triage === 0 && b.running === 0;
}

/**
 * What the desk at `base` says it has still to do, from its own /metrics
 * (`servicedesk_backlog`): follow-ups, due jobs, tickets whose SLA warning or breach is due.
 */
export async function backlogOnMetrics(base: string) {
  const text = await (await fetch(`${base}/metrics`)).text();
  const value = (kind: string) =>
    Number(text.match(new RegExp(`servicedesk_backlog\\{kind="${kind}"\\} (\\d+)`))?.[1] ?? 0);
  return { follow_ups: value('follow_ups'), jobs: value('jobs'), sla_timers: value('sla_timers') };
}

/** pg_stat_statements: reset, and the statements run since, most called (or most costly) first. */
export async function resetStatements(client: pg.Pool): Promise<void> {
  await client.query('create extension if not exists pg_stat_statements');
  await client.query('select pg_stat_statements_reset()');
}

export async function topStatements(client: pg.Pool, limit = 12, order: 'calls' | 'time' = 'calls') {
  const result = await client.query<{
    calls: string;
    total_ms: number;
    mean_ms: number;
    plan_ms: number;
    rows: string;
    query: string;
  }>(
    `select calls, round(total_exec_time::numeric, 1)::float as total_ms,
            round(mean_exec_time::numeric, 3)::float as mean_ms,
            round(total_plan_time::numeric, 1)::float as plan_ms, rows,
            left(regexp_replace(query, '\\s+', ' ', 'g'), 140) as query
       from pg_stat_statements where query not ilike '%pg_stat_statements%'
      order by ${order === 'calls' ? 'calls' : 'total_exec_time + total_plan_time'} desc limit $1`,
    [limit],
  );
  return result.rows.map((r) => ({ ...r, calls: Number(r.calls), rows: Number(r.rows) }));
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const subjects = [
  '财务系统无法导出报表',
  'VPN cannot connect',
  '打印机卡纸',
  'Outlook not syncing',
  '申请开通 CRM 权限',
];
const levels = ['high', 'medium', 'low'];
let counter = 0;
/** The next ticket is numbered 1 again (a storm whose numbers the earlier ones had), or `from` + 1. */
export function restartNumbering(from = 0): void {
  counter = from;
}
/** The body of the next ticket a pace benchmark creates (numbered, five subjects in turn). */
export function ticketBody(): string {
  counter += 1;
  return JSON.stringify({
    subject: `${subjects[counter % subjects.length]} ${counter}`,
    description: '自从插件更新后报错 FIN-4012. Happens every time since the update.',
    type: 'incident',
    category: '软件/财务系统',
    impact: levels[counter % 3],
    urgency: levels[(counter >> 1) % 3],
    errorCode: 'FIN-4012',
  });
}

/**
 * New tickets (`ticketBody`) sent to `POST /api/v1/tickets` by one autocannon run: `options` as
 * autocannon takes them (url, connections, duration or amount, overallRate), `auth` the caller's
 * header, `options.headers` any more.
 */
export function createTickets(
  auth: Record<string, string>,
  options: Omit<autocannon.Options, 'headers' | 'requests'> & { headers?: Record<string, string> },
): Promise<autocannon.Result> {
  return cannon({
    ...options,
    headers: { ...auth, 'content-type': 'application/json', ...options.headers },
    requests: [
      { method: 'POST', path: '/api/v1/tickets', setupRequest: (req) => ({ ...req, body: ticketBody() }) },
    ],
  });
}

/** One autocannon run, its result as a promise. */
export function cannon(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}
