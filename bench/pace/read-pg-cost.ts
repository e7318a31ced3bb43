/**
 * Issue 18: PostgreSQL's CPU a row of the staff's batched ticket read, as the server builds it
 * (`getOpenedTickets`' statement: `where t.id = any($1)`), against variants of the same
 * statement, to see which of its parts a read pays for. Runs against the reads bench's desk
 * (`node bench/pace/reads.ts --keep-data`, then the desk started on it, PostgreSQL on 4590),
 * one connection, each variant as a named prepared statement (generic plans, as the server's),
 * `--statements` batches of `--batch` random ticket ids a round; the backend's CPU from /proc.
 *
 *   node bench/pace/read-pg-cost.ts [--batch 9] [--statements 3000] [--rounds 3]
 *        [--variants full,no-links,no-sla,no-sla-events,no-assets,no-problem,no-subq,guarded,set]
 *
 * `no-*` leave a part out (a different answer: only what it costs); `guarded` puts the links,
 * hand-overs and assets behind `not exists` probes, `set` reads them set-wise for the batch
 * (joins on `= any($1)` instead of a subquery a row): both must give the very rows of `full`,
 * which is checked on 400 tickets first.
 */

import { parseArgs } from 'node:util';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { loadConfig } from '../../server/src/config.ts';
import { configureModules } from '../../server/src/modules/registry.ts';
import { getOpenedTickets } from '../../server/src/modules/tickets/get-ticket.ts';
import { ownCpuSeconds } from './lib.ts';

const { values } = parseArgs({
  options: {
    batch: { type: 'string', default: '9' },
    statements: { type: 'string', default: '3000' },
    rounds: { type: 'string', default: '3' },
    variants: {
      type: 'string',
      default: 'full,no-links,no-sla,no-sla-events,no-assets,no-problem,no-subq,guarded,set',
    },
  },
});

/** The read's text as the server sends it: captured from the use case through a stand-in connection. */
async function serversStatement(): Promise<string> {
  configureModules(loadConfig({ ...process.env }) as never);
  let text = '';
  const capture = {
    execute: async (query: SQL) => {
      text = new PgDialect().sqlToQuery(query).sql;
      throw new Error('captured');
    },
  };
  await getOpenedTickets(capture as never, [1]).catch(() => undefined);
  if (!text.includes('= any($1::bigint[])'))
    throw new Error('the read no longer has the shape this bench knows');
  return text;
}

const full = await serversStatement();

function cut(name: string, pattern: RegExp, by: string): string {
  const text = full.replace(pattern, by);
  if (text === full) throw new Error(`${name}: the statement no longer has that part`);
  return text;
}

/** The three rarely filled parts behind a probe each: the same answer, fewer nodes run for an empty one. */
function guarded(): string {
  return cut(
    'guarded links',
    /coalesce\(\(\s*select json_agg\(l order by l\.id\)([\s\S]*?)\) l\s*\), '\[\]'\) as links/,
    `case when not exists (select from ticket_links l where l.from_ticket_id = t.id or l.to_ticket_id = t.id)
      then '[]' else coalesce((select json_agg(l order by l.id)$1) l), '[]') end as links`,
  )
    .replace(
      /'handoffs', (\(select coalesce\(json_agg\(y\), '\[\]'\)[\s\S]*?order by h\.started_at, h\.id\) y\))/,
      `'handoffs', case when not exists (select from vendor_handoffs h where h.ticket_id = t.id)
      then '[]' else $1 end`,
    )
    .replace(
      /(coalesce\(\(\s*select json_agg\(json_build_object\('id', x\.id[\s\S]*?), '\[\]'::json\) as assets/,
      `case when not exists (select from asset_tickets xl where xl.ticket_id = t.id)
      then '[]'::json else $1, '[]'::json) end as assets`,
    );
}

/** The per-ticket parts read set-wise: one grouped scan each for the whole batch, joined to the tickets. */
function setWise(): string {
  const head = full.slice(0, full.indexOf(', coalesce(('));
  const from = full.slice(full.indexOf('  from tickets t'), full.indexOf(' where t.id = any('));
  const version = full.slice(full.indexOf("'policy_version',"), full.indexOf("'chosen_policy_id'"));
  const events = full.slice(
    full.indexOf('select e.kind, e.at,') + 'select '.length,
    full.indexOf(' from audit_events_v e'),
  );
  return `${head},
  coalesce(lk.links, '[]') as links,
  json_build_object('events', coalesce(ev.events, '[]'), 'handoffs', coalesce(ho.handoffs, '[]'), ${version}
    'chosen_policy_id', tp.policy_id) as sla_source,
  coalesce(ax.assets, '[]'::json) as assets, pr.problem
  ${from}
  left join (select k.tid, json_agg(x order by x.id) as links from (
      select l.from_ticket_id as tid, l.id, l.kind, 'outgoing' as direction, o.id as other_id,
             o.number as other_number, o.subject as other_subject, o.status as other_status
        from ticket_links l join tickets o on o.id = l.to_ticket_id where l.from_ticket_id = any($1::bigint[])
      union all
      select l.to_ticket_id, l.id, l.kind, 'incoming', o.id, o.number, o.subject, o.status
        from ticket_links l join tickets o on o.id = l.from_ticket_id where l.to_ticket_id = any($1::bigint[])) k
      cross join lateral (select k.id, k.kind, k.direction, k.other_id, k.other_number, k.other_subject,
                                 k.other_status) x
      group by k.tid) lk on lk.tid = t.id
  left join (select e.ticket_id, json_agg(x order by e.at, e.id) as events from audit_events_v e
      cross join lateral (select ${events}) x
      where e.ticket_id = any($1::bigint[]) and (e.kind = 'ticket.updated' or e.kind = 'message.created')
      group by e.ticket_id) ev on ev.ticket_id = t.id
  left join (select h.ticket_id as tid, json_agg(y order by h.started_at, h.id) as handoffs from vendor_handoffs h
      join vendors v on v.id = h.vendor_id
      left join sla_calendars c on c.id = h.calendar_id
      cross join lateral (select h.id as handoff_id, h.ticket_id, h.vendor_id, v.name as vendor_name, h.reference,
        h.started_at, h.completed_at, h.resolution_minutes, h.calendar_id,
        c.id, c.name, c.timezone, c.hours, c.holidays, c.extra_workdays, c.updated_at) y
      where h.ticket_id = any($1::bigint[]) group by h.ticket_id) ho on ho.tid = t.id
  left join sla_ticket_policies tp on tp.ticket_id = t.id
  left join (select xl.ticket_id, json_agg(json_build_object('id', x.id, 'name', x.name, 'type', x.type,
                    'criticality', x.criticality) order by x.name, x.id) as assets
      from asset_tickets xl join assets x on x.id = xl.asset_id where xl.ticket_id = any($1::bigint[])
      group by xl.ticket_id) ax on ax.ticket_id = t.id
  left join (select pt.ticket_id, json_build_object('id', p.id, 'title', p.title, 'status', p.status) as problem
      from problem_tickets pt join problems p on p.id = pt.problem_id where pt.ticket_id = any($1::bigint[])) pr
    on pr.ticket_id = t.id
  where t.id = any($1::bigint[])`;
}

const variants: Record<string, () => string> = {
  full: () => full,
  'no-links': () =>
    cut(
      'no-links',
      /coalesce\(\(\s*select json_agg\(l order by l\.id\)[\s\S]*?\) l\s*\), '\[\]'\) as links/,
      "'[]'::json as links",
    ),
  'no-sla': () => cut('no-sla', /json_build_object\(\s*'events'[\s\S]*? as sla_source/, 'null as sla_source'),
  'no-sla-events': () =>
    cut(
      'no-sla-events',
      /'events', \(select coalesce\(json_agg\(x\)[\s\S]*?order by e\.at, e\.id\) x\)/,
      "'events', '[]'::json",
    ),
  'no-assets': () =>
    cut(
      'no-assets',
      /coalesce\(\(\s*select json_agg\(json_build_object\('id', x\.id[\s\S]*? as assets/,
      "'[]'::json as assets",
    ),
  'no-problem': () =>
    cut('no-problem', /\(select json_build_object\('id', p\.id[\s\S]*? as problem/, 'null as problem'),
  'no-subq': () =>
    cut(
      'no-subq',
      /coalesce\(\(\s*select json_agg\(l order by[\s\S]*? as problem/,
      "'[]'::json as links, null as sla_source, '[]'::json as assets, null as problem",
    ),
  guarded,
  set: setWise,
};

const chosen = (values.variants ?? '').split(',').map((name) => {
  const make = variants[name];
  if (!make) throw new Error(`no variant ${name}`);
  return { name, text: make() };
});
const client = new pg.Client('postgres://servicedesk:servicedesk@127.0.0.1:4590/servicedesk');
await client.connect();
try {
  const backend = Number(
    (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid,
  );
  const backendCpu = () => ownCpuSeconds(backend);
  const ids = (
    await client.query<{ id: string }>('select id from tickets order by random() limit 20000')
  ).rows.map((r) => Number(r.id));
  const sample = `{${ids.slice(0, 400).join(',')}}`;
  const expected = JSON.stringify((await client.query({ text: full, values: [sample] })).rows);
  for (const { name, text } of chosen) {
    if (name !== 'guarded' && name !== 'set') continue;
    const rows = JSON.stringify((await client.query({ text, values: [sample] })).rows);
    if (rows !== expected) throw new Error(`${name} does not give the rows of full`);
    console.log(`${name}: the same 400 rows as full`);
  }
  const batch = Number(values.batch);
  const statements = Number(values.statements);
  for (let round = 1; round <= Number(values.rounds); round++) {
    for (const { name, text } of chosen) {
      const cpu0 = backendCpu();
      const started = performance.now();
      let rows = 0;
      for (let i = 0; i < statements; i++) {
        const some = Array.from({ length: batch }, () => ids[Math.floor(Math.random() * ids.length)]);
        const result = await client.query({ name: `cost_${name}`, text, values: [`{${some.join(',')}}`] });
        rows += result.rowCount ?? 0;
      }
      console.log(
        JSON.stringify({
          round,
          variant: name,
          batch,
          pgCpuUsPerRow: Number((((backendCpu() - cpu0) * 1e6) / Math.max(1, rows)).toFixed(1)),
          wallUsPerStatement: Math.round(((performance.now() - started) * 1000) / statements),
        }),
      );
    }
  }
} finally {
  await client.end();
}
