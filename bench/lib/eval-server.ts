/**
 * A throw-away ServiceDesk for evaluations: its own embedded PostgreSQL in a temporary
 * folder, all migrations, an administrator, and the HTTP server on a loopback port. The
 * evaluations talk to it over HTTP only, as any client would.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '../../server/src/app.ts';
import { loadConfig } from '../../server/src/config.ts';
import { createUser } from '../../server/src/modules/identity/index.ts';
import { connectDatabase, type Db, runMigrations } from '../../server/src/platform/db/database.ts';
import { startEmbeddedPostgres } from '../../server/src/platform/db/embedded.ts';
import { EventHub } from '../../server/src/platform/events/events.ts';
import { migrateJobs } from '../../server/src/platform/jobs/jobs.ts';

export interface EvalServer {
  base: string;
  /** Calls the API as the administrator (or with other headers); throws on a non-2xx answer. */
  call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<T>;
  adminHeaders: Record<string, string>;
  /** The server's database, for evaluations that run a use case in process on the loaded data. */
  db: Db;
  /** A new user of `role` with an API token. */
  user(role: string, email?: string): Promise<{ id: number; headers: Record<string, string> }>;
  stop(): Promise<void>;
}

export async function startEvalServer(options: { port: number; pgPort: number }): Promise<EvalServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sd-eval-'));
  const embedded = await startEmbeddedPostgres({ dataDir: dir, port: options.pgPort, persistent: false });
  const database = connectDatabase(embedded.url, { poolSize: 10 });
  await runMigrations(database.db);
  await migrateJobs(database.pool);
  const password = 'eval-admin-pass-1';
  await database.db.transaction((tx) =>
    createUser({
      tx,
      actor: null,
      input: { email: 'admin@eval.test', name: 'Eval admin', role: 'admin', password, locale: 'en' },
    }),
  );
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DATA_DIR: dir,
    SERVE_WEB: 'false',
    RUN_WORKER: 'false',
    PORT: String(options.port),
  });
  const events = new EventHub();
  const app = await buildApp({ db: database.db, config, events, logger: false });
  await app.listen({ port: options.port, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${options.port}`;

  async function raw(method: string, p: string, body: unknown, headers: Record<string, string>) {
    const response = await fetch(`${base}/api/v1${p}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${p}: ${response.status} ${text.slice(0, 500)}`);
    return { text, response };
  }
  const login = await raw('POST', '/auth/login', { email: 'admin@eval.test', password }, {});
  const cookie = login.response.headers.get('set-cookie')?.split(';')[0] ?? '';
  const { token } = JSON.parse((await raw('POST', '/tokens', { name: 'eval' }, { cookie })).text) as {
    token: string;
  };
  const adminHeaders = { authorization: `Bearer ${token}` };
  let userCount = 0;
  const server: EvalServer = {
    base,
    adminHeaders,
    db: database.db,
    async call<T>(method: string, p: string, body?: unknown, headers: Record<string, string> = adminHeaders) {
      const { text } = await raw(method, p, body, headers);
      return (text ? JSON.parse(text) : {}) as T;
    },
    async user(role: string, email?: string) {
      userCount++;
      const address = email ?? `${role}-${userCount}@eval.test`;
      const created = await server.call<{ id: number }>('POST', '/users', {
        email: address,
        name: `${role} ${userCount}`,
        role,
        password: 'eval-user-pass-1',
      });
      const session = await raw('POST', '/auth/login', { email: address, password: 'eval-user-pass-1' }, {});
      const userCookie = session.response.headers.get('set-cookie')?.split(';')[0] ?? '';
      const t = JSON.parse((await raw('POST', '/tokens', { name: 'eval' }, { cookie: userCookie })).text) as {
        token: string;
      };
      return { id: created.id, headers: { authorization: `Bearer ${t.token}` } };
    },
    async stop() {
      await app.close();
      await database.close();
      await embedded.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return server;
}

/** Rank metrics over 1-based ranks (0 = not in the list). */
export function rankMetrics(ranks: readonly number[], cutoff = 10) {
  const n = ranks.length || 1;
  const mrr = ranks.reduce((s, r) => s + (r > 0 && r <= cutoff ? 1 / r : 0), 0) / n;
  const at = (k: number) => ranks.filter((r) => r > 0 && r <= k).length / n;
  return {
    queries: ranks.length,
    mrr10: round(mrr),
    success1: round(at(1)),
    success5: round(at(5)),
    success10: round(at(10)),
  };
}

export function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
