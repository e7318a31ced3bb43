import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildUser } from '../../../test/factories.ts';
import { json, setupTestApp } from '../../../test/harness.ts';
import { connectDatabase } from '../db/database.ts';
import { migrateJobs } from '../jobs/jobs.ts';
import { createBackup, readManifest, restoreBackup } from './backup.ts';
import { listTar } from './tar.ts';

const ctx = await setupTestApp();
const work = await mkdtemp(path.join(tmpdir(), 'servicedesk-backup-'));
const restoredName = `t_restored_${randomBytes(4).toString('hex')}`;
const restoredUrl = `${inject('pgServerUrl')}/${restoredName}`;

async function admin(query: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${inject('pgServerUrl')}/postgres` });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

function multipart(filename: string, content: Buffer): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----sd${randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Every table's rows as one fingerprint (sorted JSON text), by table. */
async function fingerprint(url: string): Promise<Record<string, { rows: number; md5: string }>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>(
      `select n.nspname || '.' || c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind = 'r' and n.nspname in ('public', 'drizzle', 'graphile_worker') order by 1`,
    );
    const out: Record<string, { rows: number; md5: string }> = {};
    for (const { name } of tables.rows) {
      const quoted = name
        .split('.')
        .map((part) => `"${part}"`)
        .join('.');
      const result = await client.query<{ rows: number; md5: string | null }>(
        `select count(*)::int as rows, md5(string_agg(to_json(t)::text, E'\\n' order by to_json(t)::text)) as md5
           from ${quoted} t`,
      );
      out[name] = { rows: result.rows[0]!.rows, md5: result.rows[0]!.md5 ?? '' };
    }
    return out;
  } finally {
    await client.end();
  }
}

describe('backup and restore', () => {
  const files = new Map<number, Buffer>();
  let ticketIds: number[] = [];

  beforeAll(async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const requester = await buildUser(ctx, { role: 'requester' });
    for (let i = 0; i < 5; i++) {
      const created = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/tickets',
        headers: requester.headers,
        payload: {
          subject: `打印机 ${i} "quoted" \\ back\tslash`,
          description: `Line one\nLine two ${i} — ünïcödé 😀`,
          type: 'incident',
          impact: 'medium',
          urgency: 'high',
        },
      });
      expect(created.statusCode).toBe(201);
      ticketIds.push(json<{ id: number }>(created).id);
    }
    ticketIds = ticketIds.sort((a, b) => a - b);
    for (const [index, ticketId] of ticketIds.slice(0, 3).entries()) {
      const content = randomBytes(1000 + index * 5000);
      const upload = multipart(`file-${index}.bin`, content);
      const response = await ctx.app.inject({
        method: 'POST',
        url: `/api/v1/tickets/${ticketId}/attachments`,
        headers: { ...agent.headers, ...upload.headers },
        payload: upload.payload,
      });
      expect(response.statusCode).toBe(201);
      files.set(json<{ id: number }>(response).id, content);
    }
    const reply = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/tickets/${ticketIds[0]}`,
      headers: agent.headers,
      payload: { status: 'in_progress', assigneeId: agent.user.id },
    });
    expect(reply.statusCode).toBeLessThan(300);
    await writeFile(path.join(ctx.dataDir, 'secret.key'), randomBytes(32).toString('hex'));
    await admin(`create database ${restoredName}`);
  });

  afterAll(async () => {
    await admin(`drop database if exists ${restoredName} with (force)`);
    await rm(work, { recursive: true, force: true });
  });

  it('round-trips tickets, attachments and the append-only audit log into an empty database and folder', async () => {
    const before = await fingerprint(ctx.url);
    expect(before['public.audit_events']!.rows).toBeGreaterThan(5);
    expect(before['public.attachments']!.rows).toBe(3);
    const file = path.join(work, 'desk.tar');
    const manifest = await createBackup({ databaseUrl: ctx.url, dataDir: ctx.dataDir, output: file });
    expect(manifest.attachments).toMatchObject({ files: 3, missing: [] });
    expect(manifest.tables.find((t) => t.name === 'public.tickets')?.rows).toBe(5);
    expect((await readManifest(file)).createdAt).toBe(manifest.createdAt);
    // A plain tar: any tar lists it.
    const listed = await promisify(execFile)('tar', ['-tf', file]);
    expect(listed.stdout).toContain('manifest.json');
    expect((await listTar(file)).filter((e) => e.name.startsWith('attachments/'))).toHaveLength(3);

    const restoredDir = path.join(work, 'restored');
    await restoreBackup({
      file,
      databaseUrl: restoredUrl,
      dataDir: restoredDir,
      migrate: async (url, migrationsFolder) => {
        const database = connectDatabase(url, { poolSize: 2 });
        try {
          await migrate(database.db, { migrationsFolder });
          await migrateJobs(database.pool);
        } finally {
          await database.close();
        }
      },
    });
    const after = await fingerprint(restoredUrl);
    expect(after).toEqual(before);

    // The files are there, byte for byte, under the keys the rows name.
    const restored = connectDatabase(restoredUrl, { poolSize: 1 });
    try {
      const rows = await restored.pool.query<{ id: number; storage_key: string }>(
        'select id, storage_key from attachments order by id',
      );
      for (const row of rows.rows) {
        const content = await readFile(path.join(restoredDir, 'attachments', row.storage_key));
        expect(content.equals(files.get(row.id)!)).toBe(true);
      }
      expect(await readFile(path.join(restoredDir, 'secret.key'), 'utf8')).toBe(
        await readFile(path.join(ctx.dataDir, 'secret.key'), 'utf8'),
      );
      // Identity sequences continue after the restored ids.
      const next = await restored.pool.query<{ id: number }>(
        `insert into audit_events (kind, entity_type, entity_id, actor_id, data)
         values ('test.after_restore', 'ticket', null, null, '{}') returning id`,
      );
      expect(next.rows[0]!.id).toBeGreaterThan(before['public.audit_events']!.rows);
      // The audit log is append-only again after the load.
      await expect(restored.pool.query('delete from audit_events')).rejects.toThrow();
      await expect(restored.pool.query('truncate audit_events')).rejects.toThrow();
      // Foreign keys are back.
      await expect(
        restored.pool.query(`update attachments set ticket_id = 999999 where id = ${rows.rows[0]!.id}`),
      ).rejects.toThrow(/foreign key/);
    } finally {
      await restored.close();
    }
  });

  it('refuses a database that is not empty, and changes nothing there', async () => {
    const file = path.join(work, 'desk.tar');
    const before = await fingerprint(restoredUrl);
    await expect(
      restoreBackup({
        file,
        databaseUrl: restoredUrl,
        dataDir: path.join(work, 'again'),
        migrate: async () => undefined,
      }),
    ).rejects.toThrow(/empty database/);
    expect(await fingerprint(restoredUrl)).toEqual(before);
  });

  it('npm run restore refuses a data folder that is not empty, with a clear message', async () => {
    const root = new URL('../../../..', import.meta.url).pathname;
    const result = await promisify(execFile)(
      process.execPath,
      ['server/src/cli/restore.ts', path.join(work, 'desk.tar')],
      {
        cwd: root,
        env: { ...process.env, DATA_DIR: ctx.dataDir, DATABASE_URL: restoredUrl },
      },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Restore failed: DATA_DIR ${path.resolve(ctx.dataDir)} is not empty`);
  });

  it('refuses a file that is not a backup', async () => {
    const file = path.join(work, 'not-a-backup.tar');
    await writeFile(file, Buffer.alloc(4096, 7));
    await expect(readManifest(file)).rejects.toThrow();
  });
});
