/**
 * EXPLAIN (ANALYZE, BUFFERS) of the ticket read exactly as the server builds it, against the
 * database of bench/pace/reads.ts (started with --keep-data, PostgreSQL on 4590):
 *   node bench/pace/explain-read.ts [TICKET_ID]
 */
import { type SQL, sql } from 'drizzle-orm';
import { loadConfig } from '../../server/src/config.ts';
import { configureModules } from '../../server/src/modules/registry.ts';
import { connectDatabase } from '../../server/src/platform/db/database.ts';
import '../../server/src/modules/registry.ts';
import { getTicket } from '../../server/src/modules/tickets/get-ticket.ts';

configureModules(loadConfig({ ...process.env }) as never);
const { db, close } = connectDatabase('postgres://servicedesk:servicedesk@127.0.0.1:4590/servicedesk');
const id = Number(process.argv[2] ?? 5000);
const fake = {
  execute: async (q: SQL) => {
    const r = await db.execute(sql`explain (analyze, buffers) ${q}`);
    console.log(r.rows.map((x) => Object.values(x)[0]).join('\n'));
    return { rows: [] };
  },
};
try {
  await getTicket({ tx: fake as never, actor: { id: 1, role: 'admin' } as never, ticketId: id });
} catch (e) {
  console.log(String(e).slice(0, 100));
}
await close();
