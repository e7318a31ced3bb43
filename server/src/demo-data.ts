import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { CreateTicketInput } from '../../contracts/tickets.ts';
import { seedDemoKnowledge } from './demo-knowledge.ts';
import { type Actor, createTeam, createUser } from './modules/identity/index.ts';
import { addMessage, createTicket, updateTicket } from './modules/tickets/index.ts';
import type { Db } from './platform/db/database.ts';

/** Demo sign-ins, printed in the README. */
export const DEMO_USERS = {
  agent: { email: 'agent@example.com', password: 'agent-pass-123', name: '李工 (Agent)' },
  lead: { email: 'lead@example.com', password: 'lead-pass-123', name: '王主管 (Lead)' },
  requester: { email: 'user@example.com', password: 'user-pass-123', name: '张三 (Requester)' },
} as const;

const TICKETS: (CreateTicketInput & { status?: 'in_progress' | 'resolved' })[] = [
  {
    subject: '财务系统无法导出报表，错误代码 FIN-4012',
    description: '自从昨天插件更新后，财务系统导出月度报表时报错 FIN-4012，无法生成 Excel。',
    type: 'incident',
    category: '软件/财务系统',
    impact: 'medium',
    urgency: 'high',
    errorCode: 'FIN-4012',
    environment: 'Windows 11, 财务系统 v5.2, 导出插件 2.1',
    stepsTried: '重启电脑，清除浏览器缓存',
    businessImpact: '财务部月末结账受阻',
    status: 'in_progress',
  },
  {
    subject: '三楼打印机卡纸，无法打印',
    description: '三楼东侧的 HP 打印机一直提示卡纸，已经取出纸张仍然报错。',
    type: 'incident',
    category: '硬件/打印机',
    impact: 'low',
    urgency: 'medium',
  },
  {
    subject: 'VPN cannot connect from home',
    description:
      'The VPN client says "authentication timeout" since this morning. Colleagues report the same.',
    type: 'incident',
    category: '网络/VPN',
    impact: 'high',
    urgency: 'high',
    errorCode: 'AUTH_TIMEOUT',
  },
  {
    subject: '申请开通 CRM 系统权限',
    description: '新入职销售人员需要开通 CRM 系统的客户查看权限。',
    type: 'service_request',
    category: '账号/权限申请',
    impact: 'low',
    urgency: 'low',
  },
  {
    subject: 'How do I reset my email password?',
    description: 'I forgot my mailbox password and cannot sign in to Outlook.',
    type: 'question',
    category: '账号/密码重置',
    impact: 'low',
    urgency: 'medium',
    status: 'resolved',
  },
];

/**
 * Fills an empty database with a small, believable desk: teams of each tier, categories,
 * an agent, a lead, a requester and a few tickets. Does nothing once tickets exist.
 */
export async function seedDemoData(options: { db: Db; logger: Logger }): Promise<void> {
  const { db, logger } = options;
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(727002)`);
    const existing = await tx.execute<{ n: number }>(sql`select count(*)::int as n from tickets`);
    if ((existing.rows[0]?.n ?? 0) > 0) return;
    const l1 = await createTeam({ tx, actor: null, input: { name: '一线服务台 Service Desk', tier: 'L1' } });
    await createTeam({ tx, actor: null, input: { name: '应用支持 Application Support', tier: 'L2' } });
    await createTeam({ tx, actor: null, input: { name: '网络与基础设施 Infrastructure', tier: 'L2' } });
    await createTeam({ tx, actor: null, input: { name: '专家组 Experts', tier: 'L3' } });
    // One after another: the inserts share the transaction's one connection.
    const people: Actor[] = [];
    for (const role of ['agent', 'lead', 'requester'] as const) {
      const demo = DEMO_USERS[role];
      const user = await createUser({
        tx,
        actor: null,
        input: { ...demo, role, teamIds: role === 'requester' ? [] : [l1.id] },
      });
      people.push({
        id: user.id,
        role: user.role,
        name: user.name,
        email: user.email,
        locale: user.locale,
        organizationId: null,
      });
    }
    const [agent, lead, requester] = people;
    if (!agent || !lead || !requester) return;
    await seedDemoKnowledge(tx, { lead, agent });
    for (const { status, ...input } of TICKETS) {
      const ticket = await createTicket({ tx, actor: requester, input });
      if (!status) continue;
      await updateTicket({
        tx,
        actor: agent,
        ticketId: ticket.id,
        input: { teamId: l1.id, assigneeId: agent.id, status: 'in_progress' },
      });
      await addMessage({
        tx,
        actor: agent,
        ticketId: ticket.id,
        input: { body: '您好，我们已收到您的问题，正在处理。', internal: false },
      });
      if (status === 'resolved')
        await updateTicket({ tx, actor: agent, ticketId: ticket.id, input: { status } });
    }
    logger.info({ category: 'demo' }, 'demo data created');
  });
}
