import { type ChildProcess, spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Real server processes for the process tests (crash, shutdown, backup, several instances):
 * `node server/src/main.ts` with its own DATA_DIR and ports, its output in a log file.
 */

const ROOT = new URL('../..', import.meta.url).pathname;
export const ADMIN_EMAIL = 'admin@example.com';
export const ADMIN_PASSWORD = 'process-test-password';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  port: number;
  baseUrl: string;
  logFile: string;
  /** Resolves with the exit code (or the signal that ended it). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  log(): Promise<string>;
}

/** Every process started here, so that a test's afterAll can end whatever is left. */
const started = new Set<ChildProcess>();

export function spawnServer(options: {
  dataDir: string;
  port: number;
  pgPort?: number;
  logFile: string;
  env?: Record<string, string | undefined>;
  args?: string[];
}): ServerProcess {
  const env: Record<string, string | undefined> = { ...process.env };
  // Not the test runner's settings: the server reads its own.
  for (const key of Object.keys(env)) {
    if (key.startsWith('VITEST') || key === 'NODE_OPTIONS' || key === 'DATABASE_URL') delete env[key];
  }
  Object.assign(env, {
    DATA_DIR: options.dataDir,
    PORT: String(options.port),
    HOST: '127.0.0.1',
    EMBEDDED_PG_PORT: options.pgPort ? String(options.pgPort) : undefined,
    SERVE_WEB: 'false',
    LOG_LEVEL: 'info',
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    PUBLIC_URL: `http://127.0.0.1:${options.port}`,
    WORKER_CONCURRENCY: '2',
    DB_POOL_SIZE: '5',
    ...options.env,
  });
  const out = openSync(options.logFile, 'a');
  const child = spawn(process.execPath, [...(options.args ?? [path.join(ROOT, 'server/src/main.ts')])], {
    cwd: ROOT,
    env,
    stdio: ['ignore', out, out],
  });
  started.add(child);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      started.delete(child);
      resolve({ code, signal });
    });
  });
  return {
    child,
    pid: child.pid ?? 0,
    port: options.port,
    baseUrl: `http://127.0.0.1:${options.port}`,
    logFile: options.logFile,
    exited,
    log: () => readFile(options.logFile, 'utf8'),
  };
}

/** Waits until /readyz answers 200; fails early if the process ends. */
export async function waitReady(server: ServerProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let ended = false;
  void server.exited.then(() => {
    ended = true;
  });
  while (Date.now() < deadline) {
    if (ended) throw new Error(`server exited before it was ready:\n${(await server.log()).slice(-3000)}`);
    try {
      const response = await fetch(`${server.baseUrl}/readyz`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`server not ready after ${timeoutMs} ms:\n${(await server.log()).slice(-3000)}`);
}

/** Waits for the process to end, at most `timeoutMs`. */
export async function waitExit(
  server: ServerProcess,
  timeoutMs = 60_000,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const timeout = sleep(timeoutMs).then(() => {
    throw new Error(`server ${server.pid} did not exit within ${timeoutMs} ms`);
  });
  return Promise.race([server.exited, timeout]);
}

/** The postmaster process id in `<dataDir>/pg/postmaster.pid`, or null. */
export async function postmasterPid(dataDir: string): Promise<number | null> {
  try {
    const pid = Number((await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Ends every server process this file started (SIGKILL) and the PostgreSQL of each data
 * folder (SIGINT, then SIGKILL after 20 s). For afterAll.
 */
export async function cleanUp(dataDirs: string[]): Promise<void> {
  for (const child of started) child.kill('SIGKILL');
  for (const dataDir of dataDirs) {
    const pid = await postmasterPid(dataDir);
    if (!pid || !isAlive(pid)) continue;
    process.kill(pid, 'SIGINT');
    const deadline = Date.now() + 20_000;
    while (isAlive(pid) && Date.now() < deadline) await sleep(100);
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  }
}

/** A signed-in administrator's API token (a session cookie makes it, from the product's origin). */
export async function adminToken(baseUrl: string): Promise<string> {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl, 'sec-fetch-site': 'same-origin' },
    body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
  });
  if (!login.ok) throw new Error(`login: ${login.status} ${await login.text()}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const created = await fetch(`${baseUrl}/api/v1/tokens`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie,
      origin: baseUrl,
      'sec-fetch-site': 'same-origin',
    },
    body: JSON.stringify({ name: 'process test' }),
  });
  if (created.status !== 201) throw new Error(`token: ${created.status} ${await created.text()}`);
  return ((await created.json()) as { token: string }).token;
}

/** POST /api/v1/tickets with a bearer token; resolves with the status and the body. */
export async function createTicket(
  baseUrl: string,
  token: string,
  subject: string,
): Promise<{ status: number; id?: number }> {
  const response = await fetch(`${baseUrl}/api/v1/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      subject,
      description: `${subject}: made by a process test`,
      type: 'incident',
      impact: 'medium',
      urgency: 'medium',
    }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await response.json().catch(() => ({}))) as { id?: number };
  return { status: response.status, ...(body.id !== undefined ? { id: body.id } : {}) };
}

/** Log lines (pino JSON) at `level` or above; other output lines count as errors. */
export function linesAtOrAbove(log: string, level: number): string[] {
  return log
    .split('\n')
    .filter((line) => line.trim())
    .filter((line) => {
      try {
        return (JSON.parse(line) as { level?: number }).level! >= level;
      } catch {
        return true;
      }
    });
}
