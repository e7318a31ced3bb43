import { sql } from 'drizzle-orm';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { findUserByEmail, SYSTEM_READER } from '../identity/index.ts';
import { getOpenedTickets, getTicket } from '../tickets/index.ts';
import type { Recipient } from './notify.ts';

export async function ticketFacts(tx: Queryable, ticketId: number): Promise<TicketDto> {
  return getTicket({ tx, actor: SYSTEM_READER, ticketId });
}

/**
 * `ticketFacts` of several tickets in one statement, in `ids` order (issue 18: a batch of new
 * tickets' acknowledgements read each ticket on its own). The system reader sees every ticket,
 * so no visibility filter applies, as in the read of tickets just opened.
 */
export function ticketsFacts(tx: Queryable, ids: readonly number[]): Promise<TicketDto[]> {
  return getOpenedTickets(tx, ids);
}

export async function recipientByEmail(
  tx: Queryable,
  email: string,
): Promise<(Recipient & { role: string; active: boolean }) | null> {
  const row = await findUserByEmail(tx, email);
  if (!row) return null;
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    locale: row.locale,
    role: row.role,
    active: row.active,
  };
}

/** One ticket message, for the mail that carries it. */
export async function messageFacts(
  tx: Queryable,
  messageId: number,
): Promise<{ body: string; internal: boolean; authorName: string | null; channel: string } | null> {
  const result = await tx.execute<{
    body: string;
    internal: boolean;
    author_name: string | null;
    channel: string;
  }>(sql`
    select m.body, m.internal, u.name as author_name, m.channel
      from ticket_messages_v m left join identity_users_v u on u.id = m.author_id where m.id = ${messageId}`);
  const row = result.rows[0];
  return row
    ? { body: row.body, internal: row.internal, authorName: row.author_name, channel: row.channel }
    : null;
}

const STATUS_LABELS: Record<string, { 'zh-CN': string; en: string }> = {
  new: { 'zh-CN': '新建', en: 'New' },
  open: { 'zh-CN': '处理中（已受理）', en: 'Open' },
  in_progress: { 'zh-CN': '处理中', en: 'In progress' },
  pending_requester: { 'zh-CN': '等待您的回复', en: 'Waiting for your reply' },
  pending_vendor: { 'zh-CN': '等待供应商', en: 'Waiting on a vendor' },
  pending_approval: { 'zh-CN': '等待审批', en: 'Waiting for approval' },
  resolved: { 'zh-CN': '已解决（请确认解决）', en: 'Resolved (please confirm)' },
  closed: { 'zh-CN': '已关闭', en: 'Closed' },
  cancelled: { 'zh-CN': '已取消', en: 'Cancelled' },
};

export function statusLabel(status: string, locale: 'zh-CN' | 'en'): string {
  return STATUS_LABELS[status]?.[locale] ?? status;
}
