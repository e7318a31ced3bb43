import { pino } from 'pino';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { seedDemoData } from './demo-data.ts';
import { startInboundSmtp } from './modules/channels/index.ts';
import { bootstrapAdmin } from './modules/identity/index.ts';
import { jobDefinitions } from './modules/registry.ts';
import { resumeFollowUps } from './modules/tickets/index.ts';
import { connectDatabase, runMigrations } from './platform/db/database.ts';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './platform/db/embedded.ts';
import { EventHub } from './platform/events/events.ts';
import { migrateJobs, startWorker } from './platform/jobs/jobs.ts';

/** Start: config -> database -> migrations -> first administrator -> HTTP. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.LOG_LEVEL });
  let embedded: EmbeddedDatabase | null = null;
  let url = config.DATABASE_URL;
  if (!url) {
    embedded = await startEmbeddedPostgres({
      dataDir: config.DATA_DIR,
      port: config.EMBEDDED_PG_PORT,
      logger,
    });
    url = embedded.url;
    logger.info({ category: 'db', dataDir: config.DATA_DIR }, 'embedded PostgreSQL started');
  }
  const database = connectDatabase(url, { poolSize: config.DB_POOL_SIZE });
  await runMigrations(database.db);
  await migrateJobs(database.pool);
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
  const worker = config.RUN_WORKER
    ? await startWorker({
        pool: database.pool,
        db: database.db,
        logger,
        jobs: jobDefinitions,
        concurrency: config.WORKER_CONCURRENCY,
      })
    : null;
  if (worker) await resumeFollowUps(database.db);
  const app = await buildApp({ db: database.db, config, events, logger: { level: config.LOG_LEVEL } });
  await app.listen({ port: config.PORT, host: config.HOST });
  const inboundSmtp = config.SMTP_LISTEN_PORT
    ? await startInboundSmtp({ db: database.db, config, logger })
    : null;

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ category: 'server', signal }, 'shutting down');
    await inboundSmtp?.close();
    await app.close();
    await worker?.stop();
    await events.stop();
    await database.close();
    await embedded?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
