import { and, desc, eq, getTableColumns, inArray } from 'drizzle-orm';
import type { InboundEmailDto } from '../../../../../contracts/channels.ts';
import { inboundEmails } from '../../../db/schema.ts';
import type { Queryable, Tx } from '../../../platform/db/database.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { enqueue } from '../../../platform/jobs/jobs.ts';
import { recordEvent } from '../../audit/index.ts';
import { type Actor, assertCan } from '../../identity/index.ts';
import { processInboundJob } from './store-inbound.ts';

type Row = Omit<typeof inboundEmails.$inferSelect, 'raw'>;

const { raw: _raw, ...columns } = getTableColumns(inboundEmails);

export function presentInbound(row: Row): InboundEmailDto {
  return {
    id: row.id,
    mailboxId: row.mailboxId,
    messageId: row.messageId,
    fromAddress: row.fromAddress,
    subject: row.subject,
    size: row.size,
    status: row.status,
    reason: row.reason,
    ticketId: row.ticketId,
    receivedAt: row.receivedAt.toISOString(),
    processedAt: row.processedAt?.toISOString() ?? null,
  };
}

/** Inbound mail for administrators (to find what was ignored, rejected or failed) and agents (a ticket's mails). */
export async function listInboundEmails(options: {
  tx: Queryable;
  actor: Actor;
  query: { status?: Row['status']; ticketId?: number; limit: number };
}) {
  const { tx, actor, query } = options;
  assertCan(actor, query.ticketId ? 'ticket.work' : 'settings.manage');
  const rows = await tx
    .select(columns)
    .from(inboundEmails)
    .where(
      and(
        query.status ? eq(inboundEmails.status, query.status) : undefined,
        query.ticketId ? eq(inboundEmails.ticketId, query.ticketId) : undefined,
      ),
    )
    .orderBy(desc(inboundEmails.id))
    .limit(query.limit);
  return { items: rows.map(presentInbound) };
}

export async function getInboundEmail(options: { tx: Queryable; actor: Actor; inboundId: number }) {
  const { tx, actor, inboundId } = options;
  assertCan(actor, 'ticket.work');
  const [row] = await tx.select(columns).from(inboundEmails).where(eq(inboundEmails.id, inboundId));
  if (!row) throw new AppError('channels.inbound_not_found');
  return { ...presentInbound(row), htmlSanitized: row.htmlSanitized, quotedText: row.quotedText };
}

/** The original bytes, for an administrator (message/rfc822 download). */
export async function rawInboundEmail(options: {
  tx: Queryable;
  actor: Actor;
  inboundId: number;
}): Promise<Buffer> {
  const { tx, actor, inboundId } = options;
  assertCan(actor, 'settings.manage');
  const [row] = await tx
    .select({ raw: inboundEmails.raw })
    .from(inboundEmails)
    .where(eq(inboundEmails.id, inboundId));
  if (!row) throw new AppError('channels.inbound_not_found');
  return row.raw;
}

/** Sends a failed or rejected message through processing again (after fixing the cause). */
export async function reprocessInboundEmail(options: {
  tx: Tx;
  actor: Actor;
  inboundId: number;
}): Promise<void> {
  const { tx, actor, inboundId } = options;
  assertCan(actor, 'settings.manage');
  const [row] = await tx
    .update(inboundEmails)
    .set({ status: 'received', reason: null, attempts: 0 })
    .where(
      and(eq(inboundEmails.id, inboundId), inArray(inboundEmails.status, ['failed', 'rejected', 'ignored'])),
    )
    .returning({ id: inboundEmails.id, status: inboundEmails.status });
  if (!row) throw new AppError('channels.inbound_not_found');
  await enqueue(tx, processInboundJob, { inboundId });
  await recordEvent(tx, {
    kind: 'email.reprocess',
    entityType: 'inbound_email',
    entityId: inboundId,
    actorId: actor.id,
  });
}
