import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.ts';
import { idArray } from '../../platform/db/id-array.ts';
import { mailSettings, notify } from '../notifications/index.ts';
import { decisionLinks } from './link-tokens.ts';
import type { ApprovalRow } from './store.ts';

/** The notification events of this module (registered with their default channels in registry.ts). */
export const APPROVAL_REQUESTED_NOTICE = 'approval.requested';
export const APPROVAL_REMINDER_NOTICE = 'approval.reminder';

/** The page where a person decides (web app). */
export const approvalPath = (id: number) => `/approvals/${id}`;

const modeWords = {
  'zh-CN': { all: '会签（全部同意才通过）', any: '或签（任一人同意即通过）', sequence: '依次审批' },
  en: { all: 'all must approve', any: 'any one approves', sequence: 'one after another' },
} as const;

/** A time in the reader's zone (UTC, said so, when they have none). */
export function formatTime(value: Date, locale: 'zh-CN' | 'en', timeZone: string | null): string {
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

/**
 * Asks people to decide: the bell, the mail and IM (as each keeps them on), with the page's
 * link and, per person, signed one-time links that approve or reject without signing in.
 */
export async function notifyApprovers(
  tx: Tx,
  approval: ApprovalRow,
  userIds: readonly number[],
  kind: 'request' | 'reminder',
): Promise<void> {
  if (userIds.length === 0) return;
  const people = await tx.execute<{
    id: number;
    email: string;
    name: string;
    locale: 'zh-CN' | 'en';
    timezone: string | null;
  }>(sql`
    select id, email, name, locale, timezone from identity_users_v where id = any(${idArray([...userIds])}) and active`);
  const requester = approval.requestedBy
    ? (
        await tx.execute<{ name: string }>(
          sql`select name from identity_users_v where id = ${approval.requestedBy}`,
        )
      ).rows[0]?.name
    : null;
  const ticketNumber = approval.ticketId
    ? (
        await tx.execute<{ number: number }>(
          sql`select number from tickets_v where id = ${approval.ticketId}`,
        )
      ).rows[0]?.number
    : undefined;
  const page = `${mailSettings().publicUrl}${approvalPath(approval.id)}`;
  for (const person of people.rows) {
    const zh = person.locale === 'zh-CN';
    const links = await decisionLinks(tx, approval, Number(person.id));
    const prefix = ticketNumber ? (zh ? `【工单 #${ticketNumber}】` : `[Ticket #${ticketNumber}] `) : '';
    const title =
      kind === 'reminder'
        ? zh
          ? `${prefix}提醒：待您审批「${approval.title}」`
          : `${prefix}Reminder: your approval is needed: ${approval.title}`
        : zh
          ? `${prefix}待您审批：${approval.title}`
          : `${prefix}Your approval is needed: ${approval.title}`;
    const lines = zh
      ? [
          `${person.name}，您好：`,
          `${requester ?? '系统'} 请您审批「${approval.title}」（${modeWords['zh-CN'][approval.mode]}）。`,
          ...(approval.deadline
            ? [`截止时间：${formatTime(approval.deadline, person.locale, person.timezone)}`]
            : []),
          ...(links ? [`同意：${links.approve}`, `拒绝：${links.reject}`, '（以上链接仅可使用一次）'] : []),
          `查看详情并填写意见：${page}`,
        ]
      : [
          `Dear ${person.name},`,
          `${requester ?? 'The system'} asks for your approval of "${approval.title}" (${modeWords.en[approval.mode]}).`,
          ...(approval.deadline
            ? [`Deadline: ${formatTime(approval.deadline, person.locale, person.timezone)}`]
            : []),
          ...(links
            ? [`Approve: ${links.approve}`, `Reject: ${links.reject}`, '(each link works once)']
            : []),
          `See the details and add a comment: ${page}`,
        ];
    const body = lines.join('\n\n');
    await notify(tx, person, {
      event: kind === 'reminder' ? APPROVAL_REMINDER_NOTICE : APPROVAL_REQUESTED_NOTICE,
      title,
      body,
      ...(approval.ticketId ? { ticketId: approval.ticketId } : {}),
      data: { approvalId: approval.id, url: approvalPath(approval.id) },
      email: { subject: title, text: body },
    });
  }
}
