/**
 * Complements bench/seed-tickets.ts for the reports benchmark (issue 6): gives the seeded
 * tickets what closing the loop leaves behind, set-based in SQL and in id batches -
 * status history in the audit log (work started, waits on the requester, reopens,
 * resolutions, closures, cancellations), escalations to a higher tier, resolution records
 * (some at the first contact), CSAT surveys with answers, SLA clock results and an NPS
 * campaign - then rebuilds the report facts from that history.
 *
 *   node bench/seed-reports.ts --url postgres://...
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { registerModuleErrors } from '../server/src/modules/errors.ts';
import { rebuildAllFacts, rebuildAllRollups } from '../server/src/modules/reports/index.ts';
import { connectDatabase } from '../server/src/platform/db/database.ts';

// Use cases are called here without the app: their error codes are registered as the registry does.
registerModuleErrors();

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    batch: { type: 'string', default: '50000' },
    /** Only sum the daily rollups again (after a code change), keeping the seeded history. */
    'rollups-only': { type: 'boolean', default: false },
  },
});
if (!values.url) throw new Error('--url postgres://... is required');
const batch = Number(values.batch);

const client = new pg.Client({ connectionString: values.url });
await client.connect();
const started = Date.now();
const log = (message: string) =>
  console.log(`[seed-reports ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);

if (!values['rollups-only']) {
  const one = async (query: string) => (await client.query(query)).rows[0] as Record<string, unknown>;
  const { min, max } = (await one('select min(id) as min, max(id) as max from tickets')) as {
    min: number;
    max: number;
  };
  const agent = Number((await one(`select min(id) as id from users where role = 'agent'`)).id);
  const l1 = Number((await one(`select min(id) as id from teams where tier = 'L1'`)).id);
  const l2 = Number((await one(`select min(id) as id from teams where tier = 'L2'`)).id);

  const event = (status: string, at: string, where: string) => `
    select t.id, 'ticket', t.id, 'ticket.updated', t.assignee_id, ${at},
           jsonb_build_object('changes', jsonb_build_object('status', jsonb_build_object('to', '${status}')), 'seeded', true)
      from tickets t where t.id between $1 and $2 and ${where}`;
  const span = `(t.resolved_at - t.created_at)`;

  for (let from = Number(min); from <= Number(max); from += batch) {
    const to = from + batch - 1;
    await client.query('begin');
    // The status history: work starts, some wait on the requester, some reopen once, then resolved,
    // closed or cancelled; recent open tickets enter their current status after an hour.
    await client.query(
      `insert into audit_events (ticket_id, entity_type, entity_id, kind, actor_id, at, data)
       ${event('in_progress', `t.created_at + least(interval '30 minutes', ${span} * 0.1)`, `t.status in ('resolved', 'closed')`)}
       union all ${event('pending_requester', `t.created_at + ${span} * 0.2`, `t.status in ('resolved', 'closed') and t.id % 10 = 0`)}
       union all ${event('in_progress', `t.created_at + ${span} * 0.4`, `t.status in ('resolved', 'closed') and t.id % 10 = 0`)}
       union all ${event('resolved', `t.created_at + ${span} * 0.6`, `t.status in ('resolved', 'closed') and t.id % 20 = 0`)}
       union all ${event('open', `t.created_at + ${span} * 0.7`, `t.status in ('resolved', 'closed') and t.id % 20 = 0`)}
       union all ${event('resolved', 't.resolved_at', `t.status in ('resolved', 'closed')`)}
       union all ${event('closed', 't.closed_at', `t.status = 'closed'`)}
       union all ${event('cancelled', 't.closed_at', `t.status = 'cancelled'`)}
       union all ${event('pending_vendor', `t.created_at + interval '1 hour'`, `t.status = 'pending_vendor'`)}
       union all ${event('in_progress', `t.created_at + interval '1 hour'`, `t.status in ('in_progress', 'pending_requester')`)}
       union all ${event('pending_requester', `t.created_at + interval '2 hours'`, `t.status = 'pending_requester'`)}
       union all ${event('open', `t.created_at + interval '10 minutes'`, `t.status = 'open'`)}`,
      [from, to],
    );
    await client.query(
      `update tickets set reopen_count = 1 where id between $1 and $2 and status in ('resolved', 'closed') and id % 20 = 0`,
      [from, to],
    );
    // One ticket in fifteen is escalated from L1 to L2 within its first hour.
    await client.query(
      `insert into audit_events (ticket_id, entity_type, entity_id, kind, actor_id, at, data)
       select id, 'ticket', id, 'ticket.updated', assignee_id, created_at + interval '45 minutes',
              jsonb_build_object('changes', jsonb_build_object('team',
                jsonb_build_object('from', jsonb_build_object('id', $3::bigint), 'to', jsonb_build_object('id', $4::bigint))), 'seeded', true)
         from tickets where id between $1 and $2 and id % 15 = 0 and status <> 'new'`,
      [from, to, l1, l2],
    );
    await client.query(
      `insert into ticket_resolutions (ticket_id, resolution_code, root_cause, actions, prevention, first_contact,
                                       resolved_by, resolved_at, outcome, outcome_at)
       select id, (array['fixed','workaround','configuration','software_update','user_guidance'])[1 + id % 5],
              '根本原因：配置错误', 'Restored the configuration.', '变更前先备份配置。', id % 7 = 0,
              coalesce(assignee_id, $3), resolved_at,
              case when status = 'closed' then 'confirmed' else 'pending' end,
              case when status = 'closed' then closed_at end
         from tickets where id between $1 and $2 and status in ('resolved', 'closed')`,
      [from, to, agent],
    );
    // A survey for every closed ticket; a third answered within two days, mostly satisfied.
    await client.query(
      `insert into csat_surveys (ticket_id, requester_id, token_hash, expires_at, created_at, responded_at, source,
                                 score, speed, attitude, effectiveness, overall, comment)
       select id, requester_id, md5(id::text || random()::text), closed_at + interval '14 days', closed_at,
              answered_at, case when answered_at is not null then 'email_link' end,
              s, case when answered_at is not null then greatest(1, s - (id % 2)::int) end,
              case when answered_at is not null then s end, case when answered_at is not null then s end,
              case when answered_at is not null then s end, null
         from (select t.*, case when t.id % 3 = 0 then t.closed_at + random() * interval '2 days' end as answered_at,
                      case when t.id % 3 = 0 then (array[5,5,5,4,4,4,3,2,1])[1 + (t.id / 3) % 9] end as s
                 from tickets t where t.id between $1 and $2 and t.status = 'closed') x`,
      [from, to],
    );
    await client.query(
      `insert into ticket_sla (ticket_id, first_response_state, resolution_state, computed_at)
       select id, case when id % 8 = 0 then 'breached' else 'met' end,
              case when status in ('resolved', 'closed') then case when id % 6 = 0 then 'breached' else 'met' end end, now()
         from tickets where id between $1 and $2
       on conflict (ticket_id) do nothing`,
      [from, to],
    );
    await client.query('commit');
    log(`history for tickets ${from}-${to}`);
  }

  const creator = agent;
  const campaign = await one(
    `insert into nps_campaigns (name, audience, expires_at, created_by, created_at)
     values ('Bench NPS', '{"userIds":[],"organizationIds":[]}', now() + interval '30 days', ${creator}, now() - interval '730 days')
     returning id`,
  );
  await client.query(
    `insert into nps_invitations (campaign_id, user_id, token_hash, expires_at, created_at, responded_at, score)
     select $1, id, md5(id::text || random()::text), now() + interval '30 days', now() - interval '730 days',
            case when id % 5 < 2 then now() - random() * interval '720 days' end,
            case when id % 5 < 2 then (id * 7) % 11 end
       from users where role = 'requester'
     on conflict do nothing`,
    [campaign.id],
  );
  log('NPS campaign answered');
  await client.query('analyze');
}

await client.end();

const database = connectDatabase(values.url, { poolSize: 2 });
if (!values['rollups-only']) {
  const count = await rebuildAllFacts(database.db, {
    batchSize: 20_000,
    onProgress: (done, total) => {
      if (done % 100_000 < 20_000 || done === total) log(`facts ${done} / ${total}`);
    },
  });
  log(`report facts rebuilt for ${count} tickets`);
}
await rebuildAllRollups(database.db, (day) => {
  if (day.endsWith('-01') || day.endsWith('-02')) log(`rollups from ${day}`);
});
// Index-only scans need the visibility map: vacuum what the seeding wrote.
await database.db.execute(sql`vacuum (analyze) report_ticket_facts`);
await database.db.execute(sql`vacuum (analyze) report_status_intervals`);
await database.db.execute(sql`vacuum (analyze) report_rollups`);
await database.close();
log('daily rollups summed, tables vacuumed; done');
