import { sql } from 'drizzle-orm';
import type { ParsedMail } from 'mailparser';
import type { Queryable } from '../../../platform/db/database.ts';
import {
  findTicketByMessageIds,
  isOwnMessageId,
  mailSettings,
  parseMessageIdList,
  ticketIdFromOwnMessageId,
} from '../../notifications/index.ts';
import { subjectTicketNumber } from './mail-content.ts';
import { addressIn } from './mail-headers.ts';

/** The desk's own addresses: mail from them is a loop. */
export function ownAddresses(): string[] {
  const settings = mailSettings();
  return [addressIn(settings.mailFrom) ?? settings.mailFrom.toLowerCase()];
}

function ownDomains(): string[] {
  const settings = mailSettings();
  return [...new Set([settings.messageIdDomain, settings.inboundDomain])];
}

export function ownMessageIdTest(): (id: string) => boolean {
  const domains = ownDomains();
  return (id) => isOwnMessageId(id, domains);
}

/**
 * The ticket a mail replies to: first by the desk's own Message-ID in In-Reply-To or
 * References, then by any known Message-ID of a ticket's thread, then by a [#number] tag in
 * the subject. Null for a new request.
 */
export async function threadTicket(
  tx: Queryable,
  parsed: ParsedMail,
  headers: Map<string, string[]>,
): Promise<number | null> {
  const ids = [
    ...parseMessageIdList(parsed.inReplyTo ?? headers.get('in-reply-to')),
    ...parseMessageIdList(parsed.references ?? headers.get('references')).reverse(),
  ];
  const domains = ownDomains();
  for (const id of ids) {
    const ticketId = ticketIdFromOwnMessageId(id, domains);
    if (ticketId && (await ticketExists(tx, ticketId))) return ticketId;
  }
  const byThread = await findTicketByMessageIds(tx, ids);
  if (byThread) return byThread;
  const number = subjectTicketNumber(parsed.subject ?? headers.get('subject')?.[0]);
  if (number) {
    const result = await tx.execute<{ id: number }>(sql`select id from tickets_v where number = ${number}`);
    return result.rows[0]?.id ?? null;
  }
  return null;
}

async function ticketExists(tx: Queryable, ticketId: number): Promise<boolean> {
  const result = await tx.execute<{ id: number }>(sql`select id from tickets_v where id = ${ticketId}`);
  return result.rows.length > 0;
}
