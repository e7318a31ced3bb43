import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ChatCodeSent,
  ChatDto,
  ChatMessageDto,
  ChatMessageInput,
  ChatStats,
  ConvertChatInput,
  ListChatsQuery,
  ResolveChatInput,
  StartChatInput,
  StartWidgetChatInput,
  VerifyChatInput,
  WidgetChatStarted,
} from '../../../../../contracts/channels.ts';
import { IdParams } from '../../../../../contracts/common.ts';
import { streamLiveEvents } from '../../../platform/events/sse.ts';
import { requestLocale, requireActor } from '../../../platform/http/context.ts';
import type { AppDeps } from '../../../platform/http/deps.ts';
import type { ChatParty } from './chat-rows.ts';
import {
  acceptChat,
  chatStats,
  closeChatWithTicket,
  getChat,
  listChats,
  postChatMessage,
  startChat,
  startWidgetChat,
} from './chats.ts';
import { resendChatCode, verifyChat } from './verification.ts';

/** A signed-in person, else the widget visitor's token (header, or query for EventSource). */
function party(request: FastifyRequest): ChatParty {
  if (request.actor) return { actor: request.actor };
  const header = request.headers['x-chat-token'];
  const query = (request.query as { token?: string } | undefined)?.token;
  const token = (Array.isArray(header) ? header[0] : header) ?? query;
  if (token) return { token };
  return { actor: requireActor(request) };
}

export async function chatRoutes(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;
  const tags = ['channels'];

  app.post(
    '/channels/chats',
    { schema: { tags, body: StartChatInput, response: { 201: ChatDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const chat = await db.transaction((tx) => startChat({ tx, actor, input: request.body }));
      return reply.status(201).send(chat);
    },
  );
  app.post(
    '/channels/chats/widget',
    { schema: { tags, body: StartWidgetChatInput, response: { 201: WidgetChatStarted } } },
    async (request, reply) => {
      const started = await db.transaction((tx) => startWidgetChat({ tx, input: request.body }));
      return reply.status(201).send(started);
    },
  );
  // The widget visitor proves the email address with the mailed code, or asks for a new one.
  app.post(
    '/channels/chats/:id/verify',
    { schema: { tags, params: IdParams, body: VerifyChatInput, response: { 200: ChatDto } } },
    async (request) =>
      verifyChat({ db, party: party(request), chatId: request.params.id, code: request.body.code }),
  );
  app.post(
    '/channels/chats/:id/verification',
    { schema: { tags, params: IdParams, response: { 201: ChatCodeSent } } },
    async (request, reply) => {
      const who = party(request);
      const locale = requestLocale(request);
      const sent = await db.transaction((tx) =>
        resendChatCode({ tx, party: who, chatId: request.params.id, locale }),
      );
      return reply.status(201).send(sent);
    },
  );
  app.get(
    '/channels/chats',
    {
      schema: { tags, querystring: ListChatsQuery, response: { 200: z.object({ items: z.array(ChatDto) }) } },
    },
    async (request) => ({
      items: await listChats({
        tx: db,
        actor: requireActor(request),
        ...(request.query.status ? { status: request.query.status } : {}),
      }),
    }),
  );
  app.get('/channels/chats/stats', { schema: { tags, response: { 200: ChatStats } } }, async (request) =>
    chatStats({ tx: db, actor: requireActor(request) }),
  );
  app.get(
    '/channels/chats/:id',
    {
      schema: {
        tags,
        params: IdParams,
        querystring: z.object({ token: z.string().max(100).optional() }),
        response: { 200: ChatDto },
      },
    },
    async (request) => getChat({ tx: db, party: party(request), chatId: request.params.id }),
  );
  app.post(
    '/channels/chats/:id/messages',
    { schema: { tags, params: IdParams, body: ChatMessageInput, response: { 201: ChatMessageDto } } },
    async (request, reply) => {
      const who = party(request);
      const message = await db.transaction((tx) =>
        postChatMessage({ tx, party: who, chatId: request.params.id, body: request.body.body }),
      );
      return reply.status(201).send(message);
    },
  );
  app.post(
    '/channels/chats/:id/accept',
    { schema: { tags, params: IdParams, response: { 200: ChatDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) => acceptChat({ tx, actor, chatId: request.params.id }));
    },
  );
  app.post(
    '/channels/chats/:id/convert',
    { schema: { tags, params: IdParams, body: ConvertChatInput, response: { 200: ChatDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        closeChatWithTicket({
          tx,
          actor,
          chatId: request.params.id,
          outcome: 'converted',
          input: request.body,
        }),
      );
    },
  );
  app.post(
    '/channels/chats/:id/resolve',
    { schema: { tags, params: IdParams, body: ResolveChatInput, response: { 200: ChatDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        closeChatWithTicket({
          tx,
          actor,
          chatId: request.params.id,
          outcome: 'resolved',
          input: { requesterId: request.body.requesterId },
        }),
      );
    },
  );

  // The widget visitor's live stream (a signed-in person uses GET /events).
  app.get(
    '/channels/chats/:id/stream',
    { schema: { tags, params: IdParams, querystring: z.object({ token: z.string().max(100).optional() }) } },
    async (request, reply) => {
      const chatId = request.params.id;
      await getChat({ tx: db, party: party(request), chatId });
      streamLiveEvents(request, reply, {
        events: deps.events,
        frame: (event) =>
          event.userIds?.length || !event.type.startsWith('chat.') || event.data?.chatId !== chatId
            ? null
            : { event: event.type, data: event.data },
      });
    },
  );
}
