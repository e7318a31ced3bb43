/**
 * Issue 13: the CPU one ticket change costs the rule engine with 200 active rules: every rule's
 * conditions evaluated against the ticket (automation/evaluate.ts, as run-rules.ts does it:
 * the short-circuit check for all, the explanation for those that match). Rules are validated
 * through the API's own schema; tickets have Chinese subjects and descriptions of realistic size.
 *
 *   node bench/automation-rules.ts [rules=200] [changes=20000]
 */
import { CreateRuleInput, type RuleConditions } from '../contracts/automation.ts';
import {
  conditionsHold,
  explainConditions,
  type TicketFacts,
} from '../server/src/modules/automation/index.ts';

const RULES = Number(process.argv[2] ?? 200);
const CHANGES = Number(process.argv[3] ?? 20000);

// A small deterministic generator, so that runs compare.
let seed = 13;
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;

const WORDS = [
  '打印机',
  '卡纸',
  'VPN',
  '无法连接',
  '邮箱',
  '密码',
  '财务系统',
  '报表',
  '导出',
  '蓝屏',
  '会议室',
  '投影仪',
  'Wi-Fi',
  '账号锁定',
  'ERP',
  '审批',
  '发票',
  '显示器',
  '键盘',
  '网络慢',
  'Outlook',
  'SAP',
  '共享盘',
  '权限',
];
const TAGS = ['vip', 'printer', 'network', 'security', 'finance', 'hardware', 'onboarding', 'major'];
const STATUSES = ['new', 'open', 'in_progress', 'pending_requester', 'resolved'] as const;
const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
const CHANNELS = ['portal', 'email', 'im', 'phone', 'monitoring'] as const;

function condition() {
  switch (Math.floor(rand() * 8)) {
    case 0:
      return { field: 'subject', op: 'contains', value: pick(WORDS) };
    case 1:
      return { field: 'text', op: 'contains', value: pick(WORDS) };
    case 2:
      return { field: 'tags', op: pick(['contains', 'not_contains']), value: pick(TAGS) };
    case 3:
      return { field: 'priority', op: 'in', value: [pick(PRIORITIES), pick(PRIORITIES)] };
    case 4:
      return { field: 'status', op: pick(['eq', 'neq']), value: pick(STATUSES) };
    case 5: {
      const op = pick(['eq', 'is_empty'] as const);
      return op === 'is_empty'
        ? { field: 'teamId', op }
        : { field: 'teamId', op, value: 1 + Math.floor(rand() * 12) };
    }
    case 6:
      return { field: 'channel', op: 'eq', value: pick(CHANNELS) };
    default:
      return { field: 'requesterEmail', op: 'contains', value: pick(['@corp.example', '@vendor.example']) };
  }
}

const rules: RuleConditions[] = [];
for (let i = 0; i < RULES; i++) {
  const count = 1 + Math.floor(rand() * 4);
  const list = Array.from({ length: count }, condition).map((c) =>
    c.op === 'is_empty' ? { field: c.field, op: c.op } : c,
  );
  const parsed = CreateRuleInput.parse({
    name: `rule ${i}`,
    trigger: { event: 'ticket.updated' },
    conditions: rand() < 0.7 ? { all: list } : { any: list },
    actions: [{ type: 'add_tag', tag: pick(TAGS) }],
  });
  rules.push(parsed.conditions);
}

const sentence = () => Array.from({ length: 6 + Math.floor(rand() * 10) }, () => pick(WORDS)).join('，');
const tickets: TicketFacts[] = Array.from({ length: 500 }, () => ({
  subject: `${pick(WORDS)}${pick(WORDS)}问题`,
  description: Array.from({ length: 8 }, sentence).join('。'), // ~300-500 characters
  status: pick(STATUSES),
  priority: pick(PRIORITIES),
  type: 'incident',
  channel: pick(CHANNELS),
  impact: 'medium',
  urgency: 'medium',
  category: '硬件/打印机',
  tags: TAGS.filter(() => rand() < 0.2),
  requesterId: 1,
  requesterEmail: rand() < 0.5 ? 'li.lei@corp.example' : 'a@vendor.example',
  organizationId: null,
  teamId: rand() < 0.3 ? null : 1 + Math.floor(rand() * 12),
  assigneeId: null,
  changedBy: 'staff',
}));

function evaluate(facts: TicketFacts): number {
  let matched = 0;
  for (const conditions of rules) {
    if (!conditionsHold(conditions, facts)) continue;
    explainConditions(conditions, facts);
    matched++;
  }
  return matched;
}

// Warm up, then time each change on its own.
for (let i = 0; i < 2000; i++) evaluate(tickets[i % tickets.length] as TicketFacts);
const times: number[] = [];
let matches = 0;
const cpuStart = process.cpuUsage();
const wallStart = performance.now();
for (let i = 0; i < CHANGES; i++) {
  const a = performance.now();
  matches += evaluate(tickets[i % tickets.length] as TicketFacts);
  times.push(performance.now() - a);
}
const wall = performance.now() - wallStart;
const cpu = process.cpuUsage(cpuStart);
times.sort((x, y) => x - y);
const q = (p: number) => (times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0).toFixed(4);
console.log(
  JSON.stringify({
    rules: RULES,
    changes: CHANGES,
    matchedRulesPerChange: +(matches / CHANGES).toFixed(2),
    msPerChange: { mean: +(wall / CHANGES).toFixed(4), p50: +q(0.5), p99: +q(0.99), max: +q(1) },
    cpuMsPerChange: +((cpu.user + cpu.system) / 1000 / CHANGES).toFixed(4),
  }),
);
