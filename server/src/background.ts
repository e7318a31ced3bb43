import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { resumeInbound } from './modules/channels/index.ts';
import { jobDefinitions, workerLoops } from './modules/registry.ts';
import { resumeFollowUps } from './modules/tickets/index.ts';
import { applyTriageBatchJob, applyTriageJob } from './modules/triage/index.ts';
import type { Database } from './platform/db/database.ts';
import { startWorker } from './platform/jobs/jobs.ts';

/**
 * The background work of a desk (graphile-worker with every module's jobs and loops), then
 * what a start must take up again: ticket changes whose follow-ups were not run, mail accepted
 * but not yet stored. Run by main.ts on its own thread (worker-thread.ts, the default) or on
 * the event loop that serves the requests (WORKER_THREAD=false). Modules are configured first.
 */
export async function startBackground(
  database: Database,
  config: Config,
  logger: Logger,
): Promise<{ stop(): Promise<void> }> {
  const worker = await startWorker({
    pool: database.pool,
    db: database.db,
    logger,
    jobs: jobDefinitions,
    loops: workerLoops,
    concurrency: config.WORKER_CONCURRENCY,
    boost: {
      tasks: [applyTriageBatchJob.id, applyTriageJob.id],
      slots: config.WORKER_BOOST_SLOTS,
      lagMs: config.WORKER_BOOST_LAG_MS,
    },
  });
  await resumeFollowUps(database.db);
  await resumeInbound(database.db);
  return worker;
}
