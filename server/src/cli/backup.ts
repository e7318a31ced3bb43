import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { createBackup } from '../platform/backup/backup.ts';
import {
  disownPackageExitHooks,
  type EmbeddedDatabase,
  embeddedUrl,
  runningPostmaster,
  startEmbeddedPostgres,
} from '../platform/db/embedded.ts';

/**
 * `npm run backup [-- --output FILE]`: the database and the attachments in one file
 * (docs/operations.md). Uses the running server's PostgreSQL, or DATABASE_URL, or starts the
 * embedded one for the time of the backup.
 */
async function main(): Promise<void> {
  disownPackageExitHooks();
  const { values } = parseArgs({ options: { output: { type: 'string', short: 'o' } } });
  const config = loadConfig();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const output = path.resolve(values.output ?? `servicedesk-backup-${stamp}.tar`);
  if (existsSync(output)) throw new Error(`${output} exists already; choose another --output.`);
  let url = config.DATABASE_URL;
  let embedded: EmbeddedDatabase | null = null;
  if (!url) {
    if (!existsSync(path.join(config.DATA_DIR, 'pg', 'PG_VERSION'))) {
      throw new Error(`No database in ${path.resolve(config.DATA_DIR)} (DATA_DIR); nothing to back up.`);
    }
    const running = await runningPostmaster(config.DATA_DIR);
    if (running) {
      url = embeddedUrl(running.port);
    } else {
      embedded = await startEmbeddedPostgres({
        dataDir: config.DATA_DIR,
        port: config.EMBEDDED_PG_PORT,
      });
      url = embedded.url;
    }
  }
  try {
    const started = Date.now();
    process.stdout.write(`Backing up to ${output}\n`);
    const manifest = await createBackup({
      databaseUrl: url,
      dataDir: config.DATA_DIR,
      output,
      log: (line) => process.stdout.write(`${line}\n`),
    });
    const rows = manifest.tables.reduce((sum, table) => sum + table.rows, 0);
    process.stdout.write(
      `Done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${manifest.tables.length} tables, ${rows} rows, ` +
        `${manifest.attachments.files} attachments (${manifest.attachments.bytes} bytes).\n`,
    );
    if (manifest.attachments.missing.length > 0) {
      process.stdout.write(
        `Warning: ${manifest.attachments.missing.length} attachment files named in the database were missing: ${manifest.attachments.missing.slice(0, 5).join(', ')}\n`,
      );
    }
  } finally {
    await embedded?.stop();
  }
}

// Interrupted: exit, which asks the embedded PostgreSQL (in its own process group) to stop.
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`Backup failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
