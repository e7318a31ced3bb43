import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { ChatDto, ChatMessageDto } from '../../../../../contracts/channels.ts';
import { chatMessages, chats } from '../../../db/schema.ts';
import type { Queryable, Tx } from '../../../platform/db/database.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { recordEvent } from '../../audit/index.ts';
import { type Actor, assertCan, findPerson, isStaff } from '../../identity/index.ts';
import { createTicket, updateTicket } from '../../tickets/index.ts';
import { newRequesterContact } from '../requesters.ts';
import { presentChat, presentChatMessage, presentChats } from './chat-presenter.ts';
import { announce, type ChatParty, type ChatRow, digest, loadChat, OPEN } from './chat-rows.ts';
import { sendChatCode } from './verification.ts';

async function insertMessage(
  tx: Tx,
  row: ChatRow,
  author: { id: number | null; name: string },
  fromStaff: boolean,
  body: string,
) {
  const [message] = await tx
    .insert(chatMessages)
    .values({ chatId: row.id, authorId: author.id, fromStaff, body })
    .returning();
  if (!message) throw new Error('insert returned no row');
  const dto = presentChatMessage(message, author.name);
  await announce(tx, row, 'chat.message', { message: dto });
  return dto;
}

export async function startChat(options: {
  tx: Tx;
  actor: Actor;
  input: { subject: string; message: string };
}): Promise<ChatDto> {
  const { tx, actor, input } = options;
  const [row] = await tx
    .insert(chats)
    .values({ requesterId: actor.id, subject: input.subject, source: 'portal', verifiedAt: new Date() })
    .returning();
  if (!row) throw new Error('insert returned no row');
  await insertMessage(tx, row, actor, false, input.message);
  await announce(tx, row, 'chat.updated', {});
  return presentChat(tx, row.id);
}

/**
 * The embeddable widget: a visitor gives a name and an email and gets a token for this chat
 * only. The visitor is nobody's account yet: the chat is theirs under the name they typed,
 * marked unverified, and a one-time code goes to the email; entering it (verifyChat) makes the
 * chat the account's with that address. Whether an account exists changes nothing here.
 */
export async function startWidgetChat(options: {
  tx: Tx;
  input: { subject: string; message: string; name: string; email: string; locale?: 'zh-CN' | 'en' };
  now?: Date;
}): Promise<{ chat: ChatDto; token: string }> {
  const { tx, input } = options;
  const token = randomBytes(24).toString('base64url');
  const [row] = await tx
    .insert(chats)
    .values({
      requesterId: null,
      visitorName: input.name.trim(),
      visitorEmail: input.email.trim(),
      subject: input.subject,
      source: 'widget',
      visitorTokenHash: digest(token),
    })
    .returning();
  if (!row) throw new Error('insert returned no row');
  await sendChatCode({ tx, row, locale: input.locale ?? 'zh-CN', now: options.now ?? new Date() });
  await insertMessage(tx, row, { id: null, name: row.visitorName ?? '' }, false, input.message);
  await announce(tx, row, 'chat.updated', {});
  return { chat: await presentChat(tx, row.id), token };
}

export async function getChat(options: {
  tx: Queryable;
  party: ChatParty;
  chatId: number;
}): Promise<ChatDto> {
  await loadChat(options.tx, options.chatId, options.party);
  return presentChat(options.tx, options.chatId);
}

/** The agent console: waiting and active chats (or one status), oldest waiting first. */
export async function listChats(options: {
  tx: Queryable;
  actor: Actor;
  status?: ChatRow['status'];
}): Promise<ChatDto[]> {
  const { tx, actor, status } = options;
  if (!isStaff(actor)) {
    const rows = await tx
      .select()
      .from(chats)
      .where(eq(chats.requesterId, actor.id))
      .orderBy(desc(chats.id))
      .limit(20);
    return presentChats(tx, rows, false);
  }
  const rows = await tx
    .select()
    .from(chats)
    .where(status ? eq(chats.status, status) : inArray(chats.status, OPEN))
    .orderBy(asc(chats.createdAt))
    .limit(200);
  return presentChats(tx, rows, false);
}

export async function postChatMessage(options: {
  tx: Tx;
  party: ChatParty;
  chatId: number;
  body: string;
}): Promise<ChatMessageDto> {
  const { tx, party, chatId, body } = options;
  const row = await loadChat(tx, chatId, party, true);
  if (!OPEN.includes(row.status)) throw new AppError('channels.chat_ended');
  if ('actor' in party && isStaff(party.actor) && row.requesterId !== party.actor.id) {
    if (row.agentId !== party.actor.id) {
      // An agent who writes into a waiting chat takes it.
      if (row.agentId) throw new AppError('channels.chat_taken');
      await tx
        .update(chats)
        .set({ agentId: party.actor.id, status: 'active', acceptedAt: new Date() })
        .where(eq(chats.id, chatId));
      row.agentId = party.actor.id;
      row.status = 'active';
    }
    return insertMessage(tx, row, party.actor, true, body);
  }
  const requester =
    'actor' in party
      ? party.actor
      : row.requesterId === null
        ? { id: null, name: row.visitorName ?? '' }
        : await requesterName(tx, row.requesterId);
  return insertMessage(tx, row, requester, false, body);
}

async function requesterName(tx: Queryable, id: number): Promise<{ id: number; name: string }> {
  return { id, name: (await findPerson(tx, id))?.name ?? '' };
}

export async function acceptChat(options: { tx: Tx; actor: Actor; chatId: number }): Promise<ChatDto> {
  const { tx, actor, chatId } = options;
  assertCan(actor, 'ticket.work');
  const row = await loadChat(tx, chatId, { actor }, true);
  if (!OPEN.includes(row.status)) throw new AppError('channels.chat_ended');
  if (row.agentId && row.agentId !== actor.id) throw new AppError('channels.chat_taken');
  const [updated] = await tx
    .update(chats)
    .set({ agentId: actor.id, status: 'active', acceptedAt: row.acceptedAt ?? new Date() })
    .where(eq(chats.id, chatId))
    .returning();
  if (updated) await announce(tx, updated, 'chat.updated', { agent: { id: actor.id, name: actor.name } });
  return presentChat(tx, chatId);
}

function transcript(chat: ChatDto, locale: 'zh-CN' | 'en'): string {
  const title = locale === 'zh-CN' ? '在线咨询记录' : 'Chat transcript';
  const lines = chat.messages.map((m) => `[${m.createdAt.slice(11, 19)}] ${m.authorName}: ${m.body}`);
  return `${title} (#${chat.id})\n\n${lines.join('\n')}`.slice(0, 20_000);
}

/**
 * Who a chat's ticket is for. A verified chat's requester, unless the agent chose someone
 * (`chosen`). An unverified visitor never becomes the account their typed email belongs to:
 * then the agent must choose the requester explicitly (409 `channels.chat_unverified`), and an
 * email that belongs to no account becomes a new requester contact (`contact`), as mail from
 * an unknown sender does.
 */
async function ticketRequester(
  tx: Tx,
  row: ChatRow,
  chosen: number | undefined,
): Promise<{ id: number; how: 'chat' | 'chosen' | 'contact' }> {
  if (chosen) return { id: chosen, how: 'chosen' };
  if (row.verifiedAt && row.requesterId !== null) return { id: row.requesterId, how: 'chat' };
  const email = row.visitorEmail ?? '';
  const contact = await newRequesterContact(tx, email, row.visitorName ?? '', 'zh-CN');
  if (!contact) throw new AppError('channels.chat_unverified', { field: 'requesterId', params: { email } });
  return { id: contact.id, how: 'contact' };
}

/**
 * Ends a chat with a ticket that carries its transcript (channel chat). `resolved` means the
 * agent solved it on the spot: the ticket is opened and resolved at once, and the chat counts
 * as resolved at first contact (IN-3).
 */
export async function closeChatWithTicket(options: {
  tx: Tx;
  actor: Actor;
  chatId: number;
  outcome: 'converted' | 'resolved';
  input: {
    type?: 'incident' | 'service_request' | 'question';
    impact?: 'high' | 'medium' | 'low';
    urgency?: 'high' | 'medium' | 'low';
    subject?: string;
    requesterId?: number | undefined;
  };
}): Promise<ChatDto> {
  const { tx, actor, chatId, outcome, input } = options;
  assertCan(actor, 'ticket.work');
  const row = await loadChat(tx, chatId, { actor }, true);
  if (!OPEN.includes(row.status)) throw new AppError('channels.chat_ended');
  const requester = await ticketRequester(tx, row, input.requesterId);
  const chat = await presentChat(tx, chatId);
  const ticket = await createTicket({
    tx,
    actor,
    input: {
      subject: (input.subject ?? chat.subject).slice(0, 200),
      description: transcript(chat, actor.locale),
      type: input.type ?? (outcome === 'resolved' ? 'question' : 'incident'),
      impact: input.impact ?? 'low',
      urgency: input.urgency ?? 'medium',
      channel: 'chat',
      requesterId: requester.id,
    },
  });
  if (outcome === 'resolved') {
    await updateTicket({
      tx,
      actor,
      ticketId: ticket.id,
      input: { status: 'resolved', assigneeId: actor.id },
    });
  }
  const [updated] = await tx
    .update(chats)
    .set({
      status: outcome,
      ticketId: ticket.id,
      agentId: row.agentId ?? actor.id,
      endedAt: new Date(),
      resolvedAtFirstContact: outcome === 'resolved',
    })
    .where(eq(chats.id, chatId))
    .returning();
  await recordEvent(tx, {
    kind: outcome === 'resolved' ? 'chat.resolved_first_contact' : 'chat.converted',
    entityType: 'chat',
    entityId: chatId,
    ticketId: ticket.id,
    actorId: actor.id,
    data: {
      chatId,
      messages: chat.messages.length,
      verified: row.verifiedAt !== null,
      requester: requester.how,
    },
  });
  if (updated)
    await announce(tx, updated, 'chat.updated', { ticketId: ticket.id, ticketNumber: ticket.number });
  return presentChat(tx, chatId);
}

/** How chats ended: first-contact resolutions are counted (IN-3, MX-1). */
export async function chatStats(options: { tx: Queryable; actor: Actor }) {
  assertCan(options.actor, 'ticket.work');
  const result = await options.tx.execute<{ total: number; resolved: number; converted: number }>(sql`
    select count(*)::int as total,
           count(*) filter (where resolved_at_first_contact)::int as resolved,
           count(*) filter (where status = 'converted')::int as converted
      from chats`);
  const row = result.rows[0];
  return {
    total: Number(row?.total ?? 0),
    resolvedAtFirstContact: Number(row?.resolved ?? 0),
    converted: Number(row?.converted ?? 0),
  };
}

export async function chatRequesterOf(tx: Queryable, chatId: number): Promise<number | null> {
  const [row] = await tx
    .select({ requesterId: chats.requesterId })
    .from(chats)
    .where(and(eq(chats.id, chatId)));
  return row?.requesterId ?? null;
}
