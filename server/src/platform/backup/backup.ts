import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import pg from 'pg';
import { MIGRATIONS_FOLDER } from '../db/database.ts';
import { extractEntry, listTar, readEntry, TarWriter } from './tar.ts';

/**
 * A backup is one tar file:
 * - `manifest.json`: format, product and PostgreSQL versions, the migrations the database
 *   had, row counts per table, sequence values, attachment count and bytes;
 * - `db/<schema>.<table>.ndjson.gz`: every row of every table as JSON, one a line, all read in
 *   one REPEATABLE READ transaction (one snapshot: the tables agree with each other);
 * - `secret.key` when DATA_DIR has one (it decrypts stored mailbox and IM secrets);
 * - `attachments/<key>`: the files the snapshot's `attachments` rows name, copied after the
 *   snapshot. Files are written once, before the row that names them commits, and never
 *   changed, so each named file is complete; uploads after the snapshot are not included.
 *
 * Why not pg_dump: the embedded package ships no pg_dump, and Debian's is older than the
 * embedded server (18), which pg_dump refuses. Rows as JSON need only a connection, so the
 * same code backs up the embedded database and an external one. The schema is not in the
 * file: restore builds it with the product's own migrations up to the backup's, then loads
 * the rows.
 */

export const BACKUP_FORMAT = 'servicedesk-backup';
export const BACKUP_FORMAT_VERSION = 1;
const SCHEMAS = ['public', 'drizzle', 'graphile_worker'];
const BATCH = 2000;

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  productVersion: string;
  postgresVersion: string;
  /** drizzle's migrations in the database: file hash and journal time, in order. */
  migrations: { hash: string; createdAt: number }[];
  /** graphile-worker's schema version. */
  jobsSchemaVersion: number | null;
  tables: { name: string; rows: number; columns: string[] }[];
  sequences: { name: string; value: number | null }[];
  attachments: { files: number; bytes: number; missing: string[] };
  secretKey: boolean;
}

const quoteName = (qualified: string) =>
  qualified
    .split('.')
    .map((part) => `"${part.replaceAll('"', '""')}"`)
    .join('.');

async function productVersion(): Promise<string> {
  const file = new URL('../../../../package.json', import.meta.url);
  return (JSON.parse(await readFile(file, 'utf8')) as { version: string }).version;
}

/** Tables of the product's schemas (not an extension's), in a stable order. */
async function listTables(client: pg.ClientBase): Promise<string[]> {
  const result = await client.query<{ name: string }>(
    `select n.nspname || '.' || c.relname as name
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and n.nspname = any($1) and not c.relispartition
        and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass
                          and d.objid = c.oid and d.deptype = 'e')
      order by n.nspname, c.relname`,
    [SCHEMAS],
  );
  return result.rows.map((row) => row.name);
}

/** A table's stored columns (generated ones are computed again on insert). */
async function storedColumns(client: pg.ClientBase, table: string): Promise<string[]> {
  const result = await client.query<{ attname: string }>(
    `select attname from pg_attribute
      where attrelid = $1::regclass and attnum > 0 and not attisdropped and attgenerated = ''
      order by attnum`,
    [quoteName(table)],
  );
  return result.rows.map((row) => row.attname);
}

/**
 * Writes a backup of the database at `databaseUrl` and the attachments of `dataDir` to
 * `output` (written as `output.partial`, renamed when complete).
 */
export async function createBackup(options: {
  databaseUrl: string;
  dataDir: string;
  output: string;
  log?: (message: string) => void;
}): Promise<BackupManifest> {
  const log = options.log ?? (() => undefined);
  const staging = await mkdtemp(path.join(path.dirname(path.resolve(options.output)), '.backup-'));
  const partial = `${options.output}.partial`;
  const client = new pg.Client({ connectionString: options.databaseUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    await client.query('set local statement_timeout = 0');
    const version = await client.query<{ server_version: string }>('show server_version');
    const tables: BackupManifest['tables'] = [];
    for (const table of await listTables(client)) {
      const columns = await storedColumns(client, table);
      const file = path.join(staging, `${table}.ndjson.gz`);
      const rows = await dumpTable(client, table, columns, file);
      tables.push({ name: table, rows, columns });
      log(`  ${table}: ${rows} rows`);
    }
    const sequences = await client.query<{ name: string; value: string | null }>(
      `select schemaname || '.' || sequencename as name, last_value::text as value
         from pg_sequences where schemaname = any($1) order by 1`,
      [SCHEMAS],
    );
    const migrations = await client
      .query<{ hash: string; created_at: string }>(
        'select hash, created_at::text from drizzle.__drizzle_migrations order by created_at',
      )
      .catch(() => ({ rows: [] }));
    const jobsVersion = await client
      .query<{ id: number | null }>('select max(id) as id from graphile_worker.migrations')
      .catch(() => ({ rows: [{ id: null }] }));
    const keys = await client
      .query<{ storage_key: string }>('select storage_key from attachments order by id')
      .catch(() => ({ rows: [] as { storage_key: string }[] }));
    await client.query('commit');

    // Files after the snapshot: those its rows name, with their size now.
    const files: { key: string; file: string; size: number; mtime: Date }[] = [];
    const missing: string[] = [];
    const seen = new Set<string>();
    for (const { storage_key: key } of keys.rows) {
      if (seen.has(key)) continue;
      seen.add(key);
      const file = path.join(path.resolve(options.dataDir), 'attachments', key);
      const info = await stat(file).catch(() => null);
      if (info?.isFile()) files.push({ key, file, size: info.size, mtime: info.mtime });
      else missing.push(key);
    }
    const secretFile = path.join(path.resolve(options.dataDir), 'secret.key');
    const secret = await readFile(secretFile).catch(() => null);
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      productVersion: await productVersion(),
      postgresVersion: version.rows[0]?.server_version ?? '',
      migrations: migrations.rows.map((row) => ({ hash: row.hash, createdAt: Number(row.created_at) })),
      jobsSchemaVersion: jobsVersion.rows[0]?.id ?? null,
      tables,
      sequences: sequences.rows.map((row) => ({
        name: row.name,
        value: row.value === null ? null : Number(row.value),
      })),
      attachments: { files: files.length, bytes: files.reduce((sum, f) => sum + f.size, 0), missing },
      secretKey: secret !== null,
    };

    const tar = new TarWriter(partial);
    try {
      await tar.addBuffer('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
      if (secret) await tar.addBuffer('secret.key', secret, 0o600);
      for (const table of tables) {
        const file = path.join(staging, `${table.name}.ndjson.gz`);
        const info = await stat(file);
        await tar.addFile(`db/${table.name}.ndjson.gz`, file, info.size, info.mtime);
      }
      for (const file of files)
        await tar.addFile(`attachments/${file.key}`, file.file, file.size, file.mtime);
      await tar.finish();
    } catch (error) {
      await tar.abort();
      await rm(partial, { force: true });
      throw error;
    }
    await rename(partial, options.output);
    return manifest;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.end().catch(() => undefined);
    await rm(staging, { recursive: true, force: true });
  }
}

async function dumpTable(
  client: pg.ClientBase,
  table: string,
  columns: string[],
  file: string,
): Promise<number> {
  const list = columns.map((column) => `"${column.replaceAll('"', '""')}"`).join(', ');
  await client.query(
    `declare backup_rows no scroll cursor for select to_json(t)::text as row from (select ${list} from only ${quoteName(table)}) t`,
  );
  const gzip = createGzip();
  const written = pipeline(gzip, createWriteStream(file, { flags: 'wx', mode: 0o600 }));
  let rows = 0;
  try {
    for (;;) {
      const batch = await client.query<{ row: string }>(`fetch ${BATCH} from backup_rows`);
      if (batch.rows.length === 0) break;
      rows += batch.rows.length;
      const text = `${batch.rows.map((r) => r.row).join('\n')}\n`;
      if (!gzip.write(text)) await new Promise((resolve) => gzip.once('drain', resolve));
    }
  } finally {
    gzip.end();
    await written;
    await client.query('close backup_rows');
  }
  return rows;
}

/** Reads a backup's manifest (and checks that the file is one). */
export async function readManifest(file: string): Promise<BackupManifest> {
  const entries = await listTar(file);
  const entry = entries.find((e) => e.name === 'manifest.json');
  if (!entry) throw new Error(`${file} is not a ServiceDesk backup (no manifest.json)`);
  const chunks: Buffer[] = [];
  for await (const chunk of readEntry(file, entry)) chunks.push(chunk as Buffer);
  const manifest = JSON.parse(Buffer.concat(chunks).toString('utf8')) as BackupManifest;
  if (manifest.format !== BACKUP_FORMAT) throw new Error(`${file} is not a ServiceDesk backup`);
  if (manifest.formatVersion > BACKUP_FORMAT_VERSION) {
    throw new Error(`${file} was written by a newer ServiceDesk (backup format ${manifest.formatVersion})`);
  }
  return manifest;
}

/** Whether a folder is missing or has nothing in it. */
export async function isEmptyFolder(dir: string): Promise<boolean> {
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return entries.length === 0;
}

/**
 * The product's migrations up to the backup's, in a folder of their own: the database is
 * built as it was when the backup was made; the server's next start applies newer ones.
 * Refuses a backup whose migrations are not the first ones of this version.
 */
async function migrationsAsOf(manifest: BackupManifest, target: string): Promise<string> {
  const journal = JSON.parse(
    await readFile(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8'),
  ) as {
    entries: { tag: string; when: number }[];
  };
  if (manifest.migrations.length > journal.entries.length) {
    throw new Error(
      `The backup's database has ${manifest.migrations.length} migrations; this version knows ` +
        `${journal.entries.length}. Restore it with the version that made it (${manifest.productVersion}) or newer.`,
    );
  }
  const entries = journal.entries.slice(0, manifest.migrations.length);
  await mkdir(path.join(target, 'meta'), { recursive: true });
  for (const [index, entry] of entries.entries()) {
    const sql = await readFile(path.join(MIGRATIONS_FOLDER, `${entry.tag}.sql`), 'utf8');
    const hash = createHash('sha256').update(sql).digest('hex');
    const recorded = manifest.migrations[index];
    if (recorded?.hash !== hash || recorded.createdAt !== entry.when) {
      throw new Error(
        `The backup's migration ${index} differs from this version's ${entry.tag}: the backup comes from another build; restore it with the version that made it (${manifest.productVersion}).`,
      );
    }
    await writeFile(path.join(target, `${entry.tag}.sql`), sql);
  }
  await writeFile(path.join(target, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
  return target;
}

/**
 * Restores a backup into an empty database (`databaseUrl`) and an empty data folder. The
 * schema comes from the product's migrations as of the backup, then every row is loaded in
 * one transaction with foreign keys and triggers set aside (the audit log's triggers refuse
 * changes to past events, not new rows), sequences set, constraints checked again.
 */
export async function restoreBackup(options: {
  file: string;
  databaseUrl: string;
  dataDir: string;
  /** Builds the schema: drizzle's migrations from `migrationsFolder`, then the job queue's. */
  migrate(databaseUrl: string, migrationsFolder: string): Promise<void>;
  log?: (message: string) => void;
}): Promise<BackupManifest> {
  const log = options.log ?? (() => undefined);
  const manifest = await readManifest(options.file);
  const entries = await listTar(options.file);
  const dataDir = path.resolve(options.dataDir);
  const client = new pg.Client({ connectionString: options.databaseUrl });
  client.on('error', () => undefined);
  await client.connect();
  const work = await mkdtemp(path.join(path.dirname(dataDir), '.restore-'));
  try {
    const existing = await listTables(client);
    if (existing.length > 0) {
      throw new Error(
        `The database already has tables (${existing.slice(0, 3).join(', ')}...); restore needs an empty database.`,
      );
    }
    await options.migrate(options.databaseUrl, await migrationsAsOf(manifest, path.join(work, 'migrations')));
    const jobs = await client.query<{ id: number | null }>(
      'select max(id) as id from graphile_worker.migrations',
    );
    if ((jobs.rows[0]?.id ?? null) !== manifest.jobsSchemaVersion) {
      throw new Error(
        `The backup's job queue schema (${manifest.jobsSchemaVersion}) differs from this version's (${jobs.rows[0]?.id}); restore it with the version that made it (${manifest.productVersion}).`,
      );
    }

    await client.query('begin');
    await client.query('set local statement_timeout = 0');
    const names = manifest.tables.map((table) => table.name);
    const present = new Set(await listTables(client));
    for (const name of names) {
      if (!present.has(name)) throw new Error(`The backup has a table this version lacks: ${name}`);
    }
    // Foreign keys are set aside while rows arrive in any order, and added back (checked) after.
    const foreignKeys = await client.query<{ tbl: string; name: string; def: string }>(
      `select n.nspname || '.' || c.relname as tbl, con.conname as name, pg_get_constraintdef(con.oid) as def
         from pg_constraint con join pg_class c on c.oid = con.conrelid
         join pg_namespace n on n.oid = c.relnamespace
        where con.contype = 'f' and n.nspname = any($1)`,
      [SCHEMAS],
    );
    for (const fk of foreignKeys.rows) {
      await client.query(
        `alter table ${quoteName(fk.tbl)} drop constraint "${fk.name.replaceAll('"', '""')}"`,
      );
    }
    for (const name of names) await client.query(`alter table ${quoteName(name)} disable trigger user`);
    // Rows that the migrations themselves wrote (defaults) give way to the backup's.
    await client.query(`truncate ${names.map(quoteName).join(', ')}`);
    for (const table of manifest.tables) {
      const entry = entries.find((e) => e.name === `db/${table.name}.ndjson.gz`);
      if (!entry) throw new Error(`The backup lacks the rows of ${table.name}`);
      const loaded = await loadTable(client, table.name, table.columns, readEntry(options.file, entry));
      if (loaded !== table.rows)
        throw new Error(`${table.name}: ${loaded} rows read, ${table.rows} expected`);
      log(`  ${table.name}: ${loaded} rows`);
    }
    for (const sequence of manifest.sequences) {
      if (sequence.value === null) continue;
      await client.query('select setval($1::regclass, $2)', [quoteName(sequence.name), sequence.value]);
    }
    // Jobs that were running when the backup was made were locked by a worker of the old
    // desk; unlocked, they run again at the first start instead of after the lock timeout.
    if (present.has('graphile_worker._private_jobs')) {
      await client.query(
        'update graphile_worker._private_jobs set locked_at = null, locked_by = null where locked_at is not null',
      );
    }
    if (present.has('graphile_worker._private_job_queues')) {
      await client.query(
        'update graphile_worker._private_job_queues set locked_at = null, locked_by = null where locked_at is not null',
      );
    }
    for (const name of names) await client.query(`alter table ${quoteName(name)} enable trigger user`);
    for (const fk of foreignKeys.rows) {
      await client.query(
        `alter table ${quoteName(fk.tbl)} add constraint "${fk.name.replaceAll('"', '""')}" ${fk.def}`,
      );
    }
    await client.query('commit');
    await client.query('analyze');

    // Files: the key first (secrets stored in the database need it), then attachments.
    await mkdir(dataDir, { recursive: true });
    for (const entry of entries) {
      if (entry.name === 'secret.key') {
        await extractEntry(options.file, entry, path.join(dataDir, 'secret.key'));
        await chmod(path.join(dataDir, 'secret.key'), 0o600);
      } else if (entry.name.startsWith('attachments/')) {
        const key = entry.name.slice('attachments/'.length);
        if (!/^\d{4}\/\d{2}\/[0-9a-f-]{36}$/.test(key))
          throw new Error(`unexpected file in the backup: ${entry.name}`);
        await extractEntry(options.file, entry, path.join(dataDir, 'attachments', key));
      }
    }
    return manifest;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.end().catch(() => undefined);
    await rm(work, { recursive: true, force: true });
  }
}

async function loadTable(
  client: pg.ClientBase,
  table: string,
  columns: string[],
  source: NodeJS.ReadableStream,
): Promise<number> {
  const list = columns.map((column) => `"${column.replaceAll('"', '""')}"`).join(', ');
  const identity = await client.query(
    `select 1 from pg_attribute where attrelid = $1::regclass and attidentity = 'a' limit 1`,
    [quoteName(table)],
  );
  const overriding = identity.rows.length > 0 ? 'overriding system value' : '';
  const insert = `insert into ${quoteName(table)} (${list}) ${overriding}
    select ${list} from json_populate_recordset(null::${quoteName(table)}, $1::json)`;
  let rows = 0;
  let batch: string[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await client.query(insert, [`[${batch.join(',')}]`]);
    rows += batch.length;
    batch = [];
  };
  const lines = createInterface({ input: source.pipe(createGunzip()), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (!line) continue;
    batch.push(line);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return rows;
}
