/**
 * The background worker on a thread of its own (issue 18): graphile-worker, its loops and every
 * module's jobs, with their own connection pool, in the server's process but off the event loop
 * that serves the requests. `main.ts` starts it (WORKER_THREAD=true, the default) once the
 * database is migrated, and stops it, after the requests and before the database, by a `stop`
 * message. It is another instance of the desk without HTTP, as a second process would be:
 * what the two share they share through PostgreSQL (jobs, LISTEN/NOTIFY, the triage model by
 * its id), exactly as two processes do.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startBackground } from './background.ts';
import { loadConfig } from './config.ts';
import { configureModules } from './modules/registry.ts';
import { preloadTriageModel } from './modules/triage/index.ts';
import { connectDatabase } from './platform/db/database.ts';
import { deskLogger } from './platform/http/request-log.ts';

/** What main.ts and this thread say to each other. */
export type ToWorkerThread = { type: 'stop' };
export type FromWorkerThread = { type: 'started' };

const port = parentPort;
if (!port) throw new Error('worker-thread.ts runs as a worker thread of main.ts');
const { databaseUrl } = workerData as { databaseUrl: string };
const config = loadConfig();
// The requests' logger's serializers and redaction (request-log.ts): a failed query's parameters and
// a credential are no more written from a job than from a request.
const logger = deskLogger(config).child({ thread: 'worker' });
// Its own pool: a slot for each job that may run at once, the boost's, and the loops' few.
const database = connectDatabase(databaseUrl, {
  poolSize: config.WORKER_CONCURRENCY + config.WORKER_BOOST_SLOTS + 4,
});
configureModules(config);
const worker = await startBackground(database, config, logger);
// The triage jobs' model, read and built now rather than by the first job (issue 16).
preloadTriageModel(database.db).catch((error: unknown) =>
  logger.warn({ err: error }, 'The triage model could not be loaded ahead of use'),
);
port.on('message', (message: ToWorkerThread) => {
  if (message.type !== 'stop') return;
  // The running jobs finish, the pool closes; then the thread ends (`process.exit` in a worker
  // thread ends the thread), which main.ts awaits.
  worker
    .stop()
    .then(() => database.close())
    .then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ category: 'jobs', err: error }, 'the worker thread did not stop cleanly');
        process.exit(1);
      },
    );
});
port.postMessage({ type: 'started' } satisfies FromWorkerThread);
