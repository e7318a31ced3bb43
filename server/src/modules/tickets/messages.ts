import { and, asc, eq, inArray } from 'drizzle-orm';
import type { AttachmentDto, MessageDto } from '../../../../contracts/tickets.ts';
import { attachments, identityUsersView, ticketMessages } from '../../db/schema.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { type Actor, isStaff } from '../identity/index.ts';
import { presentAttachment } from './attachment-presenter.ts';
import { assertTicketVisible } from './get-ticket.ts';

/** The conversation of a ticket; requesters never receive internal notes. */
export async function listMessages(options: {
  tx: Queryable;
  actor: Actor;
  ticketId: number;
}): Promise<{ items: MessageDto[] }> {
  const { tx, actor, ticketId } = options;
  await assertTicketVisible(tx, actor, ticketId);
  const staff = isStaff(actor);
  const rows = await tx
    .select({
      message: ticketMessages,
      author: {
        id: identityUsersView.id,
        name: identityUsersView.name,
        email: identityUsersView.email,
        role: identityUsersView.role,
      },
    })
    .from(ticketMessages)
    .leftJoin(identityUsersView, eq(identityUsersView.id, ticketMessages.authorId))
    .where(and(eq(ticketMessages.ticketId, ticketId), staff ? undefined : eq(ticketMessages.internal, false)))
    .orderBy(asc(ticketMessages.createdAt), asc(ticketMessages.id));
  const files = await attachmentsByMessage(
    tx,
    rows.map((r) => r.message.id),
  );
  return {
    items: rows.map(({ message, author }) => presentMessage(message, author, files.get(message.id) ?? [])),
  };
}

export function presentMessage(
  message: typeof ticketMessages.$inferSelect,
  author: { id: number; name: string; email: string; role: string } | null,
  files: AttachmentDto[],
): MessageDto {
  return {
    id: message.id,
    ticketId: message.ticketId,
    author: author ? { id: author.id, name: author.name, email: author.email } : null,
    authorRole: author?.role ?? null,
    body: message.body,
    internal: message.internal,
    channel: message.channel as MessageDto['channel'],
    createdAt: message.createdAt.toISOString(),
    attachments: files,
  };
}

async function attachmentsByMessage(
  tx: Queryable,
  messageIds: number[],
): Promise<Map<number, AttachmentDto[]>> {
  const map = new Map<number, AttachmentDto[]>();
  if (!messageIds.length) return map;
  const rows = await tx.select().from(attachments).where(inArray(attachments.messageId, messageIds));
  for (const row of rows) {
    if (row.messageId === null) continue;
    map.set(row.messageId, [...(map.get(row.messageId) ?? []), presentAttachment(row)]);
  }
  return map;
}
