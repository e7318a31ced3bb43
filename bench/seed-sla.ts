/**
 * Fills a ServiceDesk database with open tickets that have an SLA history, set-based in SQL:
 * created over the last ten days, every one with its creation in the audit log, and in
 * believable shares a first public reply by the desk, a pause waiting on the requester that
 * ended, a pause still going on (pending_requester / pending_vendor), a status change to
 * in_progress and a priority change. For the clock benchmarks (issue 3).
 *
 *   node bench/seed-sla.ts --url postgres://... --count 100000
 */
import { parseArgs } from 'node:util';
import pg from 'pg';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    count: { type: 'string', default: '100000' },
    batch: { type: 'string', default: '25000' },
  },
});
if (!values.url) throw new Error('--url postgres://... is required');
const total = Number(values.count);
const batch = Number(values.batch);

const client = new pg.Client({ connectionString: values.url });
await client.connect();
const started = Date.now();
const log = (message: string) =>
  console.log(`[seed-sla ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);

await client.query(
  `insert into users (email, name, role, locale)
   select 'sla-requester-' || g || '@corp.example', '员工 ' || g, 'requester', 'zh-CN'
     from generate_series(1, 2000) g on conflict do nothing`,
);
await client.query(
  `insert into users (email, name, role, locale)
   select 'sla-agent-' || g || '@corp.example', 'Agent ' || g, 'agent', 'zh-CN'
     from generate_series(1, 40) g on conflict do nothing`,
);
for (const path of ['硬件', '硬件/打印机', '软件', '软件/财务系统', '网络', '网络/VPN']) {
  await client.query('insert into categories (name, path) values ($1, $1) on conflict do nothing', [path]);
}
const ids = async (query: string) =>
  (await client.query<{ id: number }>(query)).rows.map((r) => Number(r.id));
const requesters = await ids(`select id from users where email like 'sla-requester-%' order by id`);
const agents = await ids(`select id from users where email like 'sla-agent-%' order by id`);
const categories = await ids(`select id from categories where path like '%/%' order by id`);
log('reference data ready');

for (let done = 0; done < total; done += batch) {
  const n = Math.min(batch, total - done);
  await client.query('begin');
  const before = Number((await client.query('select coalesce(max(id), 0) as id from tickets')).rows[0].id);
  await client.query(
    `insert into tickets (type, category_id, subject, description, channel, impact, urgency, priority, status,
                          requester_id, assignee_id, created_at, updated_at)
     select 'incident', ($3::bigint[])[1 + (g % array_length($3, 1))],
            (array['财务系统无法导出报表', 'VPN cannot connect', '打印机卡纸', 'Outlook not syncing'])[1 + g % 4] || ' #' || g,
            'SLA benchmark ticket', 'portal',
            (array['high', 'medium', 'medium', 'low'])[1 + g % 4], (array['high', 'medium', 'low'])[1 + g % 3],
            (array['P1', 'P2', 'P3', 'P3', 'P4'])[1 + g % 5],
            (array['new', 'open', 'in_progress', 'in_progress', 'pending_requester', 'pending_vendor'])[1 + (g / 7) % 6],
            ($1::bigint[])[1 + (g % array_length($1, 1))], ($2::bigint[])[1 + (g % array_length($2, 1))],
            now() - (random() * interval '10 days'), now()
       from generate_series(1, $4::int) g`,
    [requesters, agents, categories, n],
  );
  // Creation, then the history in believable shares (by id, so that it is reproducible).
  await client.query(
    `insert into audit_events (ticket_id, entity_type, entity_id, kind, actor_id, at, data)
     select id, 'ticket', id, 'ticket.created', requester_id, created_at,
            jsonb_build_object('number', number, 'channel', channel, 'priority', priority, 'seeded', true)
       from tickets where id > $1
     union all
     select id, 'message', null, 'message.created', assignee_id, created_at + interval '25 minutes',
            '{"internal": false, "fromStaff": true, "seeded": true}'::jsonb
       from tickets where id > $1 and id % 5 <> 0
     union all
     select id, 'ticket', id, 'ticket.updated', assignee_id, created_at + interval '1 hour',
            '{"changes": {"status": {"from": "new", "to": "pending_requester"}}, "seeded": true}'::jsonb
       from tickets where id > $1 and id % 4 = 0 and status not in ('new', 'pending_requester')
     union all
     select id, 'ticket', id, 'ticket.updated', requester_id, created_at + interval '5 hours',
            '{"changes": {"status": {"from": "pending_requester", "to": "open"}}, "seeded": true}'::jsonb
       from tickets where id > $1 and id % 4 = 0 and status not in ('new', 'pending_requester')
     union all
     select id, 'ticket', id, 'ticket.updated', assignee_id, created_at + interval '6 hours',
            jsonb_build_object('changes', jsonb_build_object('status', jsonb_build_object('from', 'open', 'to', status)),
                               'seeded', true)
       from tickets where id > $1 and status <> 'new'
     union all
     select id, 'message', null, 'message.created', assignee_id, created_at + interval '7 hours',
            '{"internal": false, "fromStaff": true, "seeded": true}'::jsonb
       from tickets where id > $1 and id % 3 = 0
     union all
     select id, 'ticket', id, 'ticket.updated', assignee_id, created_at + interval '8 hours',
            jsonb_build_object('changes', jsonb_build_object('priority',
              jsonb_build_object('from', priority, 'to', case priority when 'P4' then 'P3' else priority end)), 'seeded', true)
       from tickets where id > $1 and id % 10 = 0`,
    [before],
  );
  await client.query('commit');
  log(`${done + n} / ${total} open tickets with history`);
}
await client.query('analyze');
const counts = await client.query(
  `select (select count(*) from tickets where status not in ('closed', 'cancelled'))::int as open,
          (select count(*) from audit_events)::int as events`,
);
log(`done: ${JSON.stringify(counts.rows[0])}`);
await client.end();
