import { createHash, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { chats } from '../../../db/schema.ts';
import type { Queryable, Tx } from '../../../platform/db/database.ts';
import { publish } from '../../../platform/events/events.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { type Actor, isStaff } from '../../identity/index.ts';

export type ChatRow = typeof chats.$inferSelect;
export const OPEN: ChatRow['status'][] = ['waiting', 'active'];

export const digest = (token: string) => createHash('sha256').update(token).digest('hex');

/** Who is talking: a signed-in person, or a widget visitor holding the chat's token. */
export type ChatParty = { actor: Actor } | { token: string };

export async function loadChat(
  tx: Queryable,
  chatId: number,
  party: ChatParty,
  lock = false,
): Promise<ChatRow> {
  const query = tx.select().from(chats).where(eq(chats.id, chatId));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw new AppError('channels.chat_not_found');
  if ('actor' in party) {
    if (isStaff(party.actor) || row.requesterId === party.actor.id) return row;
    throw new AppError('channels.chat_not_found');
  }
  const expected = row.visitorTokenHash ? Buffer.from(row.visitorTokenHash) : null;
  const given = Buffer.from(digest(party.token));
  if (!expected || expected.length !== given.length || !timingSafeEqual(expected, given))
    throw new AppError('channels.chat_not_found');
  return row;
}

/** Tells the chat's people (and every agent's console) that something happened. */
export async function announce(
  tx: Tx,
  row: ChatRow,
  type: 'chat.message' | 'chat.updated',
  data: Record<string, unknown>,
) {
  const participants = [row.requesterId, row.agentId].filter((id): id is number => id !== null);
  if (participants.length)
    await publish(tx, { type, userIds: participants, data: { chatId: row.id, ...data } });
  // Staff consoles (and the visitor's stream, which filters by chat id) hear every chat.
  await publish(tx, { type, data: { chatId: row.id, status: row.status, ...data } });
}
