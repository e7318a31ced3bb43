import { and, desc, eq } from 'drizzle-orm';
import type { OutboxEmailDto } from '../../../../contracts/notifications.ts';
import { outboxEmails } from '../../db/schema.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { type Actor, assertCan } from '../identity/index.ts';

/** The outbox, for administrators: what was sent, what waits, what failed and why. */
export async function listOutbox(options: {
  tx: Queryable;
  actor: Actor;
  query: { status?: OutboxEmailDto['status']; ticketId?: number; limit: number };
}): Promise<{ items: OutboxEmailDto[] }> {
  const { tx, actor, query } = options;
  assertCan(actor, query.ticketId ? 'ticket.work' : 'settings.manage');
  const rows = await tx
    .select()
    .from(outboxEmails)
    .where(
      and(
        query.status ? eq(outboxEmails.status, query.status) : undefined,
        query.ticketId ? eq(outboxEmails.ticketId, query.ticketId) : undefined,
      ),
    )
    .orderBy(desc(outboxEmails.id))
    .limit(query.limit);
  return {
    items: rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      to: row.toAddress,
      subject: row.subject,
      ticketId: row.ticketId,
      messageId: row.messageId,
      status: row.status,
      attempts: row.attempts,
      lastError: row.lastError,
      createdAt: row.createdAt.toISOString(),
      sentAt: row.sentAt?.toISOString() ?? null,
    })),
  };
}
