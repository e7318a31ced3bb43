import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { loadConfig } from '../config.ts';
import { isEmptyFolder, readManifest, restoreBackup } from '../platform/backup/backup.ts';
import { connectDatabase } from '../platform/db/database.ts';
import {
  disownPackageExitHooks,
  type EmbeddedDatabase,
  startEmbeddedPostgres,
} from '../platform/db/embedded.ts';
import { migrateJobs } from '../platform/jobs/jobs.ts';

/**
 * `npm run restore -- FILE`: a backup into an empty DATA_DIR, with its embedded database, or
 * into the empty database at DATABASE_URL (docs/operations.md).
 */
async function main(): Promise<void> {
  disownPackageExitHooks();
  const file = process.argv[2];
  if (!file || process.argv.length > 3) throw new Error('Usage: npm run restore -- BACKUP_FILE');
  if (!existsSync(file)) throw new Error(`${file} does not exist.`);
  const config = loadConfig();
  const dataDir = path.resolve(config.DATA_DIR);
  if (!(await isEmptyFolder(dataDir))) {
    const entries = await readdir(dataDir);
    throw new Error(
      `DATA_DIR ${dataDir} is not empty (${entries.slice(0, 5).join(', ')}): restore only into an empty ` +
        'folder; set DATA_DIR to a new one, or move this one away.',
    );
  }
  const manifest = await readManifest(file);
  process.stdout.write(
    `Restoring ${file} (made ${manifest.createdAt} by ServiceDesk ${manifest.productVersion}) into ${dataDir}` +
      `${config.DATABASE_URL ? ' and DATABASE_URL' : ''}\n`,
  );
  const existed = existsSync(dataDir);
  let embedded: EmbeddedDatabase | null = null;
  try {
    let url = config.DATABASE_URL;
    if (!url) {
      embedded = await startEmbeddedPostgres({
        dataDir,
        port: config.EMBEDDED_PG_PORT,
      });
      url = embedded.url;
    }
    const started = Date.now();
    await restoreBackup({
      file,
      databaseUrl: url,
      dataDir,
      log: (line) => process.stdout.write(`${line}\n`),
      migrate: async (databaseUrl, migrationsFolder) => {
        const database = connectDatabase(databaseUrl, { poolSize: 2 });
        try {
          await migrate(database.db, { migrationsFolder });
          await migrateJobs(database.pool);
        } finally {
          await database.close();
        }
      },
    });
    const rows = manifest.tables.reduce((sum, table) => sum + table.rows, 0);
    process.stdout.write(
      `Done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${rows} rows, ${manifest.attachments.files} attachments. ` +
        'Start the server with this DATA_DIR; it applies any newer migrations.\n',
    );
    await embedded?.stop();
  } catch (error) {
    await embedded?.stop().catch(() => undefined);
    // The folder was empty: leave it so, ready for another try.
    if (existed) {
      for (const entry of await readdir(dataDir))
        await rm(path.join(dataDir, entry), { recursive: true, force: true });
    } else {
      await rm(dataDir, { recursive: true, force: true });
    }
    if (config.DATABASE_URL) {
      throw new Error(
        `${error instanceof Error ? error.message : String(error)}\nThe database at DATABASE_URL may now hold an ` +
          'empty schema: drop and create it again before another try.',
      );
    }
    throw error;
  }
}

// Interrupted: exit, which asks the embedded PostgreSQL (in its own process group) to stop.
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`Restore failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
