import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.ts';
import { scheduleCallback } from '../channels/index.ts';
import { type Actor, can } from '../identity/index.ts';
import { mailSettings, notify, renderTemplate, type TemplateDefault } from '../notifications/index.ts';
import { joinPath, type SessionRow } from './sessions.ts';

export const REMOTE_INVITED_EVENT = 'remote.invited';

export const REMOTE_INVITED_TEMPLATE: TemplateDefault = {
  event: REMOTE_INVITED_EVENT,
  description: {
    'zh-CN': '远程协助邀请（发给请求人）',
    en: 'Remote assistance invitation, to the requester',
  },
  'zh-CN': {
    subject: '【工单 #{{ticket.number}}】{{agent.name}} 邀请您进行远程协助',
    body: [
      '{{requester.name}}，您好：',
      '服务台的 {{agent.name}} 希望查看您的屏幕，以便处理工单 #{{ticket.number}}「{{ticket.subject}}」。',
      '原因：{{remote.reason}}',
      '请在电脑浏览器中打开以下链接，登录后确认是否同意共享屏幕（无需安装任何软件，您可以随时暂停或结束）：\n{{remote.url}}',
      '邀请在 {{remote.expiresAt}} 前有效。',
      '{{desk.name}}',
    ].join('\n\n'),
  },
  en: {
    subject: '[Ticket #{{ticket.number}}] {{agent.name}} invites you to remote assistance',
    body: [
      'Dear {{requester.name}},',
      '{{agent.name}} of the service desk would like to see your screen to work on ticket #{{ticket.number}} "{{ticket.subject}}".',
      'Why: {{remote.reason}}',
      'Open this link in a desktop browser and sign in to decide whether to share your screen (nothing to install; you can pause or end at any time):\n{{remote.url}}',
      'The invitation is valid until {{remote.expiresAt}}.',
      '{{desk.name}}',
    ].join('\n\n'),
  },
  variables: {
    'ticket.number': { 'zh-CN': '工单号', en: 'Ticket number' },
    'ticket.subject': { 'zh-CN': '工单主题', en: 'Ticket subject' },
    'requester.name': { 'zh-CN': '请求人姓名', en: "Requester's name" },
    'agent.name': { 'zh-CN': '发起邀请的服务台人员', en: 'The agent who invites' },
    'remote.reason': { 'zh-CN': '邀请原因', en: 'Why the agent asks' },
    'remote.url': { 'zh-CN': '加入远程协助的链接（需登录）', en: 'Link to join (sign-in required)' },
    'remote.expiresAt': { 'zh-CN': '邀请失效时间', en: 'When the invitation expires' },
    'desk.name': { 'zh-CN': '服务台名称', en: 'Name of the service desk' },
  },
};

type Person = {
  id: number;
  email: string;
  name: string;
  locale: 'zh-CN' | 'en';
  timezone: string | null;
};

async function person(tx: Tx, id: number): Promise<Person | undefined> {
  const result = await tx.execute<Person>(
    sql`select id, email, name, locale, timezone from identity_users_v where id = ${id} and active`,
  );
  return result.rows[0];
}

function formatTime(value: Date, locale: 'zh-CN' | 'en', timeZone: string | null): string {
  try {
    return new Intl.DateTimeFormat(locale, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: timeZone ?? 'UTC',
      timeZoneName: 'short',
    }).format(value);
  } catch {
    return `${value.toISOString().replace('T', ' ').slice(0, 16)} UTC`;
  }
}

/** Tells the requester about the invitation: in the portal's bell, by mail and in IM (their choice). */
export async function notifyInvitation(
  tx: Tx,
  session: SessionRow,
  ticket: { number: number; subject: string },
  agentName: string,
): Promise<void> {
  const requester = await person(tx, session.requesterId);
  if (!requester) return;
  const url = `${mailSettings().publicUrl}${joinPath(session.id)}`;
  const rendered = await renderTemplate(tx, REMOTE_INVITED_EVENT, requester.locale, {
    ticket,
    requester: { name: requester.name },
    agent: { name: agentName },
    remote: {
      reason: session.reason || (requester.locale === 'zh-CN' ? '（未填写）' : '(not given)'),
      url,
      expiresAt: formatTime(session.expiresAt, requester.locale, requester.timezone),
    },
  });
  await notify(tx, requester, {
    event: REMOTE_INVITED_EVENT,
    title: rendered.subject,
    body: `${session.reason ? `${session.reason}\n` : ''}${url}`,
    ticketId: session.ticketId,
    data: { sessionId: session.id, joinUrl: joinPath(session.id) },
    email: { subject: rendered.subject, text: rendered.text, html: rendered.html },
  });
}

/**
 * The requester, on a phone, asks to be called back instead: a call-back of the phone module,
 * assigned to the inviting agent and due now (its reminder tells them), on the ticket.
 */
export async function requestCallback(tx: Tx, session: SessionRow, phone: string, now: Date): Promise<void> {
  const result = await tx.execute<{
    id: number;
    role: Actor['role'];
    name: string;
    email: string;
    locale: 'zh-CN' | 'en';
    organization_id: number | null;
    requester_name: string;
  }>(sql`select a.id, a.role, a.name, a.email, a.locale, a.organization_id, r.name as requester_name
           from identity_users_v a, identity_users_v r
          where a.id = ${session.agentId} and a.active and r.id = ${session.requesterId}`);
  const agent = result.rows[0];
  if (!agent) return;
  const actor: Actor = {
    id: Number(agent.id),
    role: agent.role,
    name: agent.name,
    email: agent.email,
    locale: agent.locale,
    organizationId: agent.organization_id,
  };
  if (!can(actor, 'ticket.work')) return;
  await scheduleCallback({
    tx,
    actor,
    input: {
      ticketId: session.ticketId,
      contactName: agent.requester_name.slice(0, 120),
      phone,
      reason:
        agent.locale === 'zh-CN'
          ? '请求人在手机上无法共享屏幕，请求电话回拨以代替远程协助。'
          : 'The requester cannot share a screen from a phone and asks for a call-back instead of remote assistance.',
      dueAt: now.toISOString(),
    },
  });
}
