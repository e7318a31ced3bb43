import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { mailThreadRefs } from '../../db/schema.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { normalizeMessageId } from './message-id.ts';

/**
 * The thread a ticket's next mail continues: In-Reply-To the latest mail the requester sent
 * (else the first one the desk sent), References the first and the latest few ids.
 */
export async function threadHeaders(
  tx: Queryable,
  ticketId: number,
  ownMessageId: string,
): Promise<{ inReplyTo?: string; references?: string[] }> {
  const first = await tx
    .select({ messageId: mailThreadRefs.messageId, direction: mailThreadRefs.direction })
    .from(mailThreadRefs)
    .where(eq(mailThreadRefs.ticketId, ticketId))
    .orderBy(asc(mailThreadRefs.createdAt))
    .limit(1);
  const latest = await tx
    .select({ messageId: mailThreadRefs.messageId, direction: mailThreadRefs.direction })
    .from(mailThreadRefs)
    .where(and(eq(mailThreadRefs.ticketId, ticketId), sql`${mailThreadRefs.messageId} <> ${ownMessageId}`))
    .orderBy(desc(mailThreadRefs.createdAt))
    .limit(8);
  const ids = [...first, ...latest.reverse()]
    .map((r) => r.messageId)
    .filter((id, index, all) => id !== ownMessageId && all.indexOf(id) === index);
  if (ids.length === 0) return {};
  const lastInbound = latest.find((r) => r.direction === 'in')?.messageId;
  return { inReplyTo: lastInbound ?? ids[ids.length - 1], references: ids };
}

/** Remembers a Message-ID as part of a ticket's mail thread (inbound mail does this). */
export async function recordThreadMessageId(
  tx: Queryable,
  ticketId: number,
  messageId: string,
  direction: 'in' | 'out',
): Promise<void> {
  await tx
    .insert(mailThreadRefs)
    .values({ messageId: normalizeMessageId(messageId), ticketId, direction })
    .onConflictDoNothing();
}

/** Several Message-IDs at once (what a batch of inbound mail keeps), each as `recordThreadMessageId`. */
export async function recordThreadMessageIds(
  tx: Queryable,
  refs: readonly { ticketId: number; messageId: string; direction: 'in' | 'out' }[],
): Promise<void> {
  if (refs.length === 0) return;
  await tx
    .insert(mailThreadRefs)
    .values(
      refs.map((r) => ({
        messageId: normalizeMessageId(r.messageId),
        ticketId: r.ticketId,
        direction: r.direction,
      })),
    )
    .onConflictDoNothing();
}

/** The ticket whose thread contains one of these Message-IDs (the most recent match wins). */
export async function findTicketByMessageIds(tx: Queryable, ids: readonly string[]): Promise<number | null> {
  if (ids.length === 0) return null;
  const result = await tx.execute<{ ticket_id: number }>(sql`
    select ticket_id from mail_thread_refs
     where message_id in ${ids.map(normalizeMessageId)}
     order by created_at desc limit 1`);
  return result.rows[0]?.ticket_id ?? null;
}
