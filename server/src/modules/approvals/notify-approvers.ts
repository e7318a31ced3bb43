import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.ts';
import { idArray } from '../../platform/db/id-array.ts';
import { mailSettings, notify, renderTemplate } from '../notifications/index.ts';
import { decisionLinks } from './link-tokens.ts';
import {
  APPROVAL_DECIDED_NOTICE,
  APPROVAL_REMINDER_NOTICE,
  APPROVAL_REQUESTED_NOTICE,
} from './notice-templates.ts';
import type { ApprovalRow } from './store.ts';

export {
  APPROVAL_DECIDED_NOTICE,
  APPROVAL_REMINDER_NOTICE,
  APPROVAL_REQUESTED_NOTICE,
} from './notice-templates.ts';

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

const outcomeWords = {
  'zh-CN': {
    approved: '已通过',
    rejected: '已拒绝',
    expired: '已过期',
    cancelled: '已撤销',
    pending: '待审批',
  },
  en: {
    approved: 'approved',
    rejected: 'rejected',
    expired: 'expired',
    cancelled: 'withdrawn',
    pending: 'pending',
  },
} as const;

type Person = { id: number; email: string; name: string; locale: 'zh-CN' | 'en'; timezone: string | null };

async function activePeople(tx: Tx, ids: readonly number[]): Promise<Person[]> {
  const result = await tx.execute<Person>(sql`
    select id, email, name, locale, timezone from identity_users_v where id = any(${idArray([...ids])}) and active`);
  return result.rows.map((row) => ({ ...row, id: Number(row.id) }));
}

async function ticketRef(tx: Tx, approval: ApprovalRow): Promise<Record<'zh-CN' | 'en', string>> {
  const number = approval.ticketId
    ? (
        await tx.execute<{ number: number }>(
          sql`select number from tickets_v where id = ${approval.ticketId}`,
        )
      ).rows[0]?.number
    : undefined;
  return number ? { 'zh-CN': `【工单 #${number}】`, en: `[Ticket #${number}] ` } : { 'zh-CN': '', en: '' };
}

/**
 * Asks people to decide: the bell, the mail and IM (as each keeps them on), with the page's
 * link and, per person, signed one-time links that approve or reject without signing in. The
 * words are the templates `approval.requested` / `approval.reminder` (notice-templates.ts),
 * which an administrator may edit.
 */
export async function notifyApprovers(
  tx: Tx,
  approval: ApprovalRow,
  userIds: readonly number[],
  kind: 'request' | 'reminder',
): Promise<void> {
  if (userIds.length === 0) return;
  const people = await activePeople(tx, userIds);
  const requester = approval.requestedBy
    ? (
        await tx.execute<{ name: string }>(
          sql`select name from identity_users_v where id = ${approval.requestedBy}`,
        )
      ).rows[0]?.name
    : null;
  const refs = await ticketRef(tx, approval);
  const page = `${mailSettings().publicUrl}${approvalPath(approval.id)}`;
  const event = kind === 'reminder' ? APPROVAL_REMINDER_NOTICE : APPROVAL_REQUESTED_NOTICE;
  for (const person of people) {
    const locale = person.locale;
    const links = await decisionLinks(tx, approval, person.id);
    const message = await renderTemplate(
      tx,
      event,
      locale,
      {
        approver: { name: person.name },
        requester: { name: requester ?? (locale === 'zh-CN' ? '系统' : 'The system') },
        approval: {
          title: approval.title,
          modeText: modeWords[locale][approval.mode],
          deadline: approval.deadline ? formatTime(approval.deadline, locale, person.timezone) : '',
          approveUrl: links.approve,
          rejectUrl: links.reject,
          url: page,
        },
        ticket: { ref: refs[locale] },
      },
      { optional: ['approval.deadline'] },
    );
    await notify(tx, person, {
      event,
      title: message.subject,
      body: message.text,
      ...(approval.ticketId ? { ticketId: approval.ticketId } : {}),
      data: { approvalId: approval.id, url: approvalPath(approval.id) },
      email: { subject: message.subject, text: message.text, html: message.html },
    });
  }
}

/**
 * Tells the member of staff who asked that the approval ended (template `approval.decided`),
 * with the deciding comment or the reason of a cancel. Nobody is told of their own cancel;
 * requesters hear of their service requests on the ticket itself.
 */
export async function notifyAsker(
  tx: Tx,
  approval: ApprovalRow,
  options: { comment: string | null; actorId: number | null },
): Promise<void> {
  if (approval.requestedBy === null || approval.requestedBy === options.actorId) return;
  const [person] = await activePeople(tx, [approval.requestedBy]);
  const staff = await tx.execute<{ role: string }>(
    sql`select role from identity_users_v where id = ${approval.requestedBy}`,
  );
  if (!person || staff.rows[0]?.role === 'requester') return;
  const locale = person.locale;
  const refs = await ticketRef(tx, approval);
  const message = await renderTemplate(
    tx,
    APPROVAL_DECIDED_NOTICE,
    locale,
    {
      requester: { name: person.name },
      approval: {
        title: approval.title,
        outcomeText: outcomeWords[locale][approval.status],
        comment: options.comment ?? '',
        url: `${mailSettings().publicUrl}${approvalPath(approval.id)}`,
      },
      ticket: { ref: refs[locale] },
    },
    { optional: ['approval.comment'] },
  );
  await notify(tx, person, {
    event: APPROVAL_DECIDED_NOTICE,
    title: message.subject,
    body: message.text,
    ...(approval.ticketId ? { ticketId: approval.ticketId } : {}),
    data: { approvalId: approval.id, url: approvalPath(approval.id) },
    email: { subject: message.subject, text: message.text, html: message.html },
  });
}
