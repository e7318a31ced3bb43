import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { buildApp } from './app.ts';
import { startBackground } from './background.ts';
import { loadConfig } from './config.ts';
import { seedDemoData } from './demo-data.ts';
import { startInboundSmtp } from './modules/channels/index.ts';
import { bootstrapAdmin } from './modules/identity/index.ts';
import { configureModules } from './modules/registry.ts';
import { preloadTriageModel } from './modules/triage/index.ts';
import { connectDatabase, runMigrations } from './platform/db/database.ts';
import {
  disownPackageExitHooks,
  type EmbeddedDatabase,
  EmbeddedStartError,
  startEmbeddedPostgres,
} from './platform/db/embedded.ts';
import { EventHub } from './platform/events/events.ts';
import { deskLogger } from './platform/http/request-log.ts';
import { migrateJobs } from './platform/jobs/jobs.ts';
import type { FromWorkerThread, ToWorkerThread } from './worker-thread.ts';

/** A start failure whose message already says what failed (printed without a stack). */
class StartError extends Error {}

function explain(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const parts = [error.message || error.name];
  // AggregateError (a host with several addresses) and errors with a cause.
  if (error instanceof AggregateError) parts.push(...error.errors.map(explain));
  if (error.cause) parts.push(explain(error.cause));
  return [...new Set(parts.filter(Boolean))].join(': ');
}

/** Runs a start step; a failure says which step and why. */
async function step<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof EmbeddedStartError || error instanceof StartError) throw error;
    throw new StartError(`${what} failed: ${explain(error)}`, { cause: error });
  }
}

/**
 * Starts the worker on its own thread (worker-thread.ts) and waits until it runs. Stopping it
 * waits for its running jobs and its pool, as the worker in this thread stops. A thread that
 * ends otherwise (an error no job caught) ends the process, as it would have on this thread:
 * a supervisor starts it again, and its jobs are taken up where they were.
 */
async function startWorkerThread(databaseUrl: string, logger: Logger): Promise<{ stop(): Promise<void> }> {
  const thread = new Worker(new URL('./worker-thread.ts', import.meta.url), {
    workerData: { databaseUrl },
    // The thread's name in the operating system (`top -H`, /proc/PID/task/*/comm).
    name: 'desk-jobs',
  });
  let started = false;
  let stopping = false;
  const exited = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
  thread.on('error', (error) => {
    if (started) logger.fatal({ category: 'jobs', err: error }, 'the worker thread failed');
  });
  thread.once('exit', (code) => {
    if (!started || stopping) return;
    logger.fatal({ category: 'jobs', code }, 'the worker thread ended; stopping');
    process.exit(1);
  });
  await new Promise<void>((resolve, reject) => {
    const onMessage = (message: FromWorkerThread) => {
      if (message.type !== 'started') return;
      thread.off('message', onMessage);
      resolve();
    };
    thread.on('message', onMessage);
    thread.once('error', reject);
    thread.once('exit', (code) =>
      reject(new Error(`the worker thread ended while starting (exit code ${code})`)),
    );
  });
  started = true;
  return {
    async stop() {
      if (stopping) return exited;
      stopping = true;
      thread.postMessage({ type: 'stop' } satisfies ToWorkerThread);
      await exited;
    },
  };
}

/** Set once PostgreSQL runs here, so that a failed start stops it again. */
let embedded: EmbeddedDatabase | null = null;
/** What a failed start has opened, closed in reverse order before PostgreSQL stops. */
const opened: (() => Promise<unknown>)[] = [];

/** Start: config -> database -> migrations -> first administrator -> HTTP. */
async function main(): Promise<void> {
  // This process stops PostgreSQL itself, after the pool; see disownPackageExitHooks.
  disownPackageExitHooks();
  const config = (() => {
    try {
      return loadConfig();
    } catch (error) {
      throw new StartError(explain(error));
    }
  })();
  const logger = deskLogger(config);
  let url = config.DATABASE_URL;
  if (!url) {
    embedded = await startEmbeddedPostgres({
      dataDir: config.DATA_DIR,
      port: config.EMBEDDED_PG_PORT,
      logger,
      // From a terminal, Ctrl-C signals the whole foreground process group: PostgreSQL in a
      // group of its own is stopped by this process, last. Under a supervisor that ends the
      // group (Playwright's web server, `timeout -s KILL`), it goes along with the server.
      ownProcessGroup: process.stdin.isTTY === true,
      scheduling: config.EMBEDDED_PG_SCHEDULING,
    });
    url = embedded.socketUrl ?? embedded.url;
    logger.info({ category: 'db', dataDir: config.DATA_DIR }, 'embedded PostgreSQL started');
  }
  const databaseUrl = url;
  const database = connectDatabase(databaseUrl, { poolSize: config.DB_POOL_SIZE });
  opened.push(() => database.close());
  const where = (() => {
    if (embedded?.socketUrl === databaseUrl) return `the embedded PostgreSQL (${config.DATA_DIR})`;
    try {
      const parsed = new URL(databaseUrl);
      return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
    } catch {
      return 'PostgreSQL';
    }
  })();
  await step(`Connecting to ${where}`, async () => {
    const client = await database.pool.connect();
    client.release();
  });
  await step('Database migrations', () => runMigrations(database.db));
  await step('Job queue migrations', () => migrateJobs(database.pool));
  const admin = await bootstrapAdmin({
    db: database.db,
    email: config.ADMIN_EMAIL,
    password: config.ADMIN_PASSWORD,
  });
  if (admin.created && admin.generatedPassword) {
    // Printed once, on the first start only; it is not stored anywhere in clear.
    process.stdout.write(
      `\n  First administrator created: ${admin.email}\n  Password (shown once): ${admin.generatedPassword}\n\n`,
    );
  }
  if (config.DEMO_DATA) await seedDemoData({ db: database.db, logger });
  const events = new EventHub();
  await events.start(url, logger);
  opened.push(() => events.stop());
  configureModules(config);
  const worker = !config.RUN_WORKER
    ? null
    : config.WORKER_THREAD
      ? await step('Starting the background jobs', () => startWorkerThread(databaseUrl, logger))
      : await startBackground(database, config, logger);
  if (worker) opened.push(() => worker.stop());
  const app = await buildApp({ db: database.db, config, events, logger: { level: config.LOG_LEVEL } });
  opened.push(() => app.close());
  await step(`Listening on ${config.HOST}:${config.PORT}`, () =>
    app.listen({ port: config.PORT, host: config.HOST }),
  );
  // The triage model is read and built now rather than on the first suggestion (issue 16).
  preloadTriageModel(database.db).catch((error: unknown) =>
    logger.warn({ err: error }, 'The triage model could not be loaded ahead of use'),
  );
  const inboundSmtp = config.SMTP_LISTEN_PORT
    ? await startInboundSmtp({ db: database.db, config, logger })
    : null;

  let stopping = false;
  /**
   * Stops in dependency order: no new requests (those in flight finish; live-event streams
   * are ended so that browsers reconnect elsewhere), no new mail, the worker after its
   * running jobs, the LISTEN connection, the pool, and only then PostgreSQL. One log line.
   */
  const stop = async (signal: string) => {
    if (stopping) {
      // A second signal: give up waiting.
      logger.warn({ category: 'server', signal }, 'stopping at once');
      embedded?.stopNow();
      process.exit(1);
    }
    stopping = true;
    const started = Date.now();
    const timer = setTimeout(() => {
      logger.error({ category: 'server', signal }, `shutdown took longer than ${SHUTDOWN_TIMEOUT_MS} ms`);
      embedded?.stopNow();
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    try {
      // Fastify closes the connections idle when the stop begins; a keep-alive connection
      // whose request was in flight becomes idle later, and would hold the stop until the
      // client hangs up. Close each as soon as its last answer is sent.
      const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
      try {
        await app.close();
      } finally {
        clearInterval(sweep);
      }
      await inboundSmtp?.close();
      await worker?.stop();
      await events.stop();
      await database.close();
      await embedded?.stop();
    } catch (error) {
      logger.error({ category: 'server', signal, err: error }, 'shutdown failed');
      embedded?.stopNow();
      process.exit(1);
    }
    logger.info({ category: 'server', signal, ms: Date.now() - started }, 'stopped');
    process.exit(0);
  };
  process.off('SIGINT', deferSignal);
  process.off('SIGTERM', deferSignal);
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  if (pendingSignal) await stop(pendingSignal);
}

/** A stop asked for while the server starts is carried out once it has started. */
let pendingSignal: string | null = null;
const deferSignal = (signal: string) => {
  pendingSignal = signal;
};
process.on('SIGINT', deferSignal);
process.on('SIGTERM', deferSignal);

/** How long a stop may take before the process gives up waiting (requests, jobs). */
const SHUTDOWN_TIMEOUT_MS = 30_000;

main().catch(async (error: unknown) => {
  const known = error instanceof StartError || error instanceof EmbeddedStartError;
  process.stderr.write(
    `ServiceDesk did not start: ${known ? (error as Error).message : explain(error)}\n` +
      (known || !(error instanceof Error) ? '' : `${error.stack ?? ''}\n`),
  );
  // Each gets a few seconds: a connection still checked out would hold pool.end() forever.
  for (const close of opened.reverse()) {
    await Promise.race([
      close().catch(() => undefined),
      new Promise((resolve) => setTimeout(resolve, 3000).unref()),
    ]);
  }
  await embedded?.stop().catch(() => undefined);
  process.exit(1);
});
