import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { ChatDto, ChatMessageDto } from '../../../../../contracts/channels.ts';
import { chatMessages, chats } from '../../../db/schema.ts';
import type { Queryable } from '../../../platform/db/database.ts';

type ChatRow = typeof chats.$inferSelect;

interface PersonRow extends Record<string, unknown> {
  id: number;
  name: string;
  email: string;
}

async function people(tx: Queryable, ids: number[]): Promise<Map<number, PersonRow>> {
  if (ids.length === 0) return new Map();
  const result = await tx.execute<PersonRow>(
    sql`select id, name, email from identity_users_v where id in ${[...new Set(ids)]}`,
  );
  return new Map(result.rows.map((r) => [Number(r.id), r]));
}

async function ticketNumbers(tx: Queryable, ids: number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const result = await tx.execute<{ id: number; number: number }>(
    sql`select id, number from tickets_v where id in ${ids}`,
  );
  return new Map(result.rows.map((r) => [Number(r.id), Number(r.number)]));
}

export function presentChatMessage(
  row: typeof chatMessages.$inferSelect,
  authorName: string,
): ChatMessageDto {
  return {
    id: row.id,
    chatId: row.chatId,
    authorName,
    fromStaff: row.fromStaff,
    body: row.body,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Chats with their people and (when asked) their transcripts. */
export async function presentChats(
  tx: Queryable,
  rows: ChatRow[],
  withMessages: boolean,
): Promise<ChatDto[]> {
  const messages =
    withMessages && rows.length
      ? await tx
          .select()
          .from(chatMessages)
          .where(
            inArray(
              chatMessages.chatId,
              rows.map((r) => r.id),
            ),
          )
          .orderBy(asc(chatMessages.id))
      : [];
  const who = await people(tx, [
    ...rows.flatMap((r) => (r.requesterId ? [r.requesterId] : [])),
    ...rows.flatMap((r) => (r.agentId ? [r.agentId] : [])),
    ...messages.flatMap((m) => (m.authorId ? [m.authorId] : [])),
  ]);
  const numbers = await ticketNumbers(
    tx,
    rows.flatMap((r) => (r.ticketId ? [r.ticketId] : [])),
  );
  return rows.map((row) => {
    const requester = row.requesterId ? who.get(row.requesterId) : undefined;
    const agent = row.agentId ? who.get(row.agentId) : undefined;
    return {
      id: row.id,
      subject: row.subject,
      status: row.status,
      source: row.source,
      // Until the visitor proves the address, the chat shows what they typed, not an account.
      requester: requester
        ? { id: row.requesterId, name: requester.name, email: requester.email }
        : { id: null, name: row.visitorName ?? '', email: row.visitorEmail ?? '' },
      verified: row.verifiedAt !== null,
      agent: agent ? { id: agent.id, name: agent.name } : null,
      ticketId: row.ticketId,
      ticketNumber: row.ticketId ? (numbers.get(row.ticketId) ?? null) : null,
      resolvedAtFirstContact: row.resolvedAtFirstContact,
      createdAt: row.createdAt.toISOString(),
      acceptedAt: row.acceptedAt?.toISOString() ?? null,
      endedAt: row.endedAt?.toISOString() ?? null,
      messages: messages
        .filter((m) => m.chatId === row.id)
        .map((m) =>
          presentChatMessage(
            m,
            m.authorId ? (who.get(m.authorId)?.name ?? '') : m.fromStaff ? '' : (row.visitorName ?? ''),
          ),
        ),
    };
  });
}

export async function presentChat(tx: Queryable, chatId: number): Promise<ChatDto> {
  const rows = await tx.select().from(chats).where(eq(chats.id, chatId));
  const [chat] = await presentChats(tx, rows, true);
  if (!chat) throw new Error(`chat ${chatId} vanished`);
  return chat;
}
