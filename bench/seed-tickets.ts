/**
 * Fills a ServiceDesk database with realistic tickets, set-based in SQL so that a million
 * rows take about a minute: mixed Chinese and English subjects and descriptions, a
 * category tree, teams of each tier, thousands of requesters, statuses and priorities in
 * believable proportions, creation times spread over two years, an audit event per ticket
 * and a public reply on about a third of them.
 *
 *   node bench/seed-tickets.ts --url postgres://... --count 1000000
 */
import { parseArgs } from 'node:util';
import pg from 'pg';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    count: { type: 'string', default: '100000' },
    batch: { type: 'string', default: '50000' },
    requesters: { type: 'string', default: '5000' },
  },
});
if (!values.url) throw new Error('--url postgres://... is required');
const total = Number(values.count);
const batch = Number(values.batch);

const SUBJECTS_ZH = [
  '财务系统无法导出报表',
  '打印机卡纸无法打印',
  'VPN 连接超时',
  '邮箱无法收取邮件',
  '电脑蓝屏重启',
  'ERP 登录页面报错 502',
  '申请开通 CRM 权限',
  '重置域账号密码',
  '会议室投影仪无信号',
  'Wi-Fi 信号弱经常断线',
  '安装 Office 2021',
  'OA 审批流程卡住',
  '共享盘无法访问',
  '笔记本电池鼓包',
  '钉钉消息收不到',
];
const SUBJECTS_EN = [
  'Cannot export reports from the finance system',
  'Printer jammed on floor 3',
  'VPN authentication timeout',
  'Outlook does not sync mail',
  'Laptop blue screen after update',
  'ERP login returns HTTP 502',
  'Request CRM read access',
  'Reset my domain password',
  'Projector shows no signal',
  'Wi-Fi keeps dropping',
  'Install Visual Studio Code',
  'Approval workflow stuck in OA',
  'Shared drive not reachable',
  'Monitor flickering',
  'SAP transaction ME21N error',
];
const DETAILS = [
  '错误代码 E-102，重启后仍然出现。',
  'Error code 0x800CCC0E since this morning.',
  '影响整个部门的月末结账。',
  'Only happens on the 5G network.',
  '已尝试清除缓存和重新登录。',
  'Started after the plug-in update yesterday.',
  '客户演示在下午三点，比较紧急。',
  'Colleagues in the same office see it too.',
];
const CATEGORIES = [
  '硬件/打印机',
  '硬件/笔记本',
  '硬件/显示器',
  '软件/财务系统',
  '软件/邮件',
  '软件/办公软件',
  '软件/ERP',
  '网络/VPN',
  '网络/无线网络',
  '账号/密码重置',
  '账号/权限申请',
  'Hardware/Projector',
  'Software/CRM',
];
const TEAMS: [string, string][] = [
  ['Bench L1 Service Desk', 'L1'],
  ['Bench L1 Night Shift', 'L1'],
  ['Bench L2 Applications', 'L2'],
  ['Bench L2 Network', 'L2'],
  ['Bench L2 Workplace', 'L2'],
  ['Bench L3 Experts', 'L3'],
];

const client = new pg.Client({ connectionString: values.url });
await client.connect();
const started = Date.now();
const log = (message: string) =>
  console.log(`[seed ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);

for (const [name, tier] of TEAMS) {
  await client.query('insert into teams (name, tier) values ($1, $2) on conflict do nothing', [name, tier]);
}
for (const path of CATEGORIES) {
  const [parent, child] = path.split('/');
  await client.query('insert into categories (name, path) values ($1, $1) on conflict do nothing', [parent]);
  await client.query(
    `insert into categories (name, path, parent_id)
     select $1, $2, id from categories where path = $3 on conflict do nothing`,
    [child, path, parent],
  );
}
await client.query(
  `insert into users (email, name, role, locale)
   select 'bench-requester-' || g || '@corp.example', '员工 ' || g, 'requester', case when g % 3 = 0 then 'en' else 'zh-CN' end
     from generate_series(1, $1::int) g on conflict do nothing`,
  [Number(values.requesters)],
);
await client.query(
  `insert into users (email, name, role, locale)
   select 'bench-agent-' || g || '@corp.example', 'Agent ' || g, 'agent', 'zh-CN'
     from generate_series(1, 60) g on conflict do nothing`,
);
log('reference data ready');

const ids = async (query: string) =>
  (await client.query<{ id: number }>(query)).rows.map((r) => Number(r.id));
const requesterIds = await ids(`select id from users where email like 'bench-requester-%' order by id`);
const agentIds = await ids(`select id from users where email like 'bench-agent-%' order by id`);
const teamIds = await ids(`select id from teams where name like 'Bench %' order by id`);
const categoryIds = await ids(`select id from categories where parent_id is not null order by id`);

for (let done = 0; done < total; done += batch) {
  const n = Math.min(batch, total - done);
  await client.query('begin');
  const before = Number((await client.query('select coalesce(max(id), 0) as id from tickets')).rows[0].id);
  await client.query(
    `with picks as (
       select g,
              random() as r, random() as r2, random() as r3,
              now() - (random() * interval '730 days') as created
         from generate_series(1, $1::int) g
     ), rows as (
       select g, created,
              case when r < 0.6 then ($2::text[])[1 + floor(r2 * array_length($2, 1))::int]
                   else ($3::text[])[1 + floor(r2 * array_length($3, 1))::int] end
                || ' #' || (floor(r3 * 100000))::int as subject,
              ($4::text[])[1 + floor(r3 * array_length($4, 1))::int] || ' ' ||
                ($4::text[])[1 + floor(r * array_length($4, 1))::int] as description,
              (array['incident','incident','incident','service_request','question'])[1 + floor(r * 5)::int] as type,
              (array['high','medium','medium','low','low'])[1 + floor(r2 * 5)::int] as impact,
              (array['high','medium','low','low'])[1 + floor(r3 * 4)::int] as urgency,
              case when created > now() - interval '14 days'
                   then (array['new','open','in_progress','pending_requester','pending_vendor','resolved'])[1 + floor(r * 6)::int]
                   else (array['closed','closed','closed','closed','resolved','cancelled'])[1 + floor(r * 6)::int] end as status,
              (array['portal','portal','email','email','phone','chat','im','api'])[1 + floor(r3 * 8)::int] as channel,
              ($5::bigint[])[1 + floor(random() * array_length($5, 1))::int] as requester_id,
              ($6::bigint[])[1 + floor(random() * array_length($6, 1))::int] as team_id,
              ($7::bigint[])[1 + floor(random() * array_length($7, 1))::int] as assignee_id,
              ($8::bigint[])[1 + floor(random() * array_length($8, 1))::int] as category_id,
              r
         from picks
     )
     insert into tickets (type, category_id, subject, description, channel, impact, urgency, priority, status,
                          requester_id, team_id, assignee_id, created_at, updated_at, resolved_at, closed_at)
     select type, category_id, subject, description, channel, impact, urgency,
            case when impact = 'high' and urgency = 'high' then 'P1'
                 when (impact = 'high' and urgency = 'medium') or (impact = 'medium' and urgency = 'high') then 'P2'
                 when (impact = 'high' and urgency = 'low') or (impact = 'medium' and urgency = 'medium')
                   or (impact = 'low' and urgency = 'high') then 'P3' else 'P4' end,
            status, requester_id,
            case when status = 'new' and r < 0.5 then null else team_id end,
            case when status in ('new', 'open') and r < 0.7 then null else assignee_id end,
            created, created + interval '2 hours',
            case when status in ('resolved', 'closed') then created + (random() * interval '3 days') end,
            case when status in ('closed', 'cancelled') then created + interval '4 days' end
       from rows`,
    [n, SUBJECTS_ZH, SUBJECTS_EN, DETAILS, requesterIds, teamIds, agentIds, categoryIds],
  );
  await client.query(
    `insert into audit_events (ticket_id, entity_type, entity_id, kind, actor_id, at, data)
     select id, 'ticket', id, 'ticket.created', requester_id, created_at,
            jsonb_build_object('number', number, 'channel', channel, 'priority', priority, 'seeded', true)
       from tickets where id > $1`,
    [before],
  );
  await client.query(
    `insert into ticket_messages (ticket_id, author_id, body, internal, channel, created_at)
     select id, assignee_id, '您好，我们已收到您的问题，正在处理。We are looking into it.', false, channel, created_at + interval '20 minutes'
       from tickets
      where assignee_id is not null and id % 3 = 0 and id > $1`,
    [before],
  );
  await client.query('commit');
  log(`${done + n} / ${total} tickets`);
}
await client.query('analyze');
log('analyzed; done');
await client.end();
