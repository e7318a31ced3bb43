import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CreateImBotInput,
  ImBotDto,
  ImContactDto,
  ImInboundResult,
  LinkImContactInput,
  ListImContactsQuery,
  UpdateImBotInput,
} from '../../../../../contracts/channels.ts';
import { IdParams } from '../../../../../contracts/common.ts';
import { requireActor } from '../../../platform/http/context.ts';
import type { AppDeps } from '../../../platform/http/deps.ts';
import { perAddressLimit } from '../../../platform/http/rate-limits.ts';
import { createImBot, deleteImBot, listImBots, testImBot, updateImBot } from './im-bots.ts';
import { handleImCallback } from './im-callback.ts';
import { linkImContact, listImContacts, unlinkImContact } from './im-contacts.ts';
import { receiveImInbound } from './receive-inbound.ts';

export async function imRoutes(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;
  const tags = ['channels'];

  app.get(
    '/channels/im-bots',
    { schema: { tags, response: { 200: z.object({ items: z.array(ImBotDto) }) } } },
    async (request) => ({ items: await listImBots({ tx: db, actor: requireActor(request) }) }),
  );
  app.post(
    '/channels/im-bots',
    { schema: { tags, body: CreateImBotInput, response: { 201: ImBotDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const bot = await db.transaction((tx) => createImBot({ tx, actor, input: request.body }));
      return reply.status(201).send(bot);
    },
  );
  app.patch(
    '/channels/im-bots/:id',
    { schema: { tags, params: IdParams, body: UpdateImBotInput, response: { 200: ImBotDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        updateImBot({ tx, actor, botId: request.params.id, input: request.body }),
      );
    },
  );
  app.delete('/channels/im-bots/:id', { schema: { tags, params: IdParams } }, async (request, reply) => {
    const actor = requireActor(request);
    await db.transaction((tx) => deleteImBot({ tx, actor, botId: request.params.id }));
    return reply.status(204).send();
  });
  app.post('/channels/im-bots/:id/test', { schema: { tags, params: IdParams } }, async (request, reply) => {
    await testImBot({ tx: db, actor: requireActor(request), botId: request.params.id, now: new Date() });
    return reply.status(204).send();
  });

  // The incoming webhook authenticates by its signature over the exact bytes, so this route
  // reads the body as text (in its own plugin scope) and validates it after checking.
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) =>
      done(null, body),
    );
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/channels/im-bots/:id/inbound',
      {
        schema: {
          tags,
          params: IdParams,
          description:
            'Opens a ticket (channel im). Headers: X-Signature-Timestamp (unix seconds or ms) and X-Signature: sha256=hex(HMAC-SHA256(secret, timestamp + "." + body)).',
          response: { 200: ImInboundResult, 201: ImInboundResult },
        },
      },
      async (request, reply) => {
        const rawBody = typeof request.body === 'string' ? request.body : '';
        const header = (name: string) => {
          const value = request.headers[name];
          return Array.isArray(value) ? value[0] : value;
        };
        const result = await db.transaction((tx) =>
          receiveImInbound({
            tx,
            botId: request.params.id,
            signature: { timestamp: header('x-signature-timestamp'), signature: header('x-signature') },
            rawBody,
            now: new Date(),
          }),
        );
        return reply.status(result.duplicate ? 200 : 201).send(result);
      },
    );
  });

  app.get(
    '/channels/im-contacts',
    {
      schema: {
        tags,
        querystring: ListImContactsQuery,
        response: { 200: z.object({ items: z.array(ImContactDto) }) },
      },
    },
    async (request) => ({
      items: await listImContacts({ tx: db, actor: requireActor(request), query: request.query }),
    }),
  );
  app.put(
    '/channels/im-contacts',
    { schema: { tags, body: LinkImContactInput, response: { 200: ImContactDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) => linkImContact({ tx, actor, input: request.body }));
    },
  );
  app.delete('/channels/im-contacts/:id', { schema: { tags, params: IdParams } }, async (request, reply) => {
    const actor = requireActor(request);
    await db.transaction((tx) => unlinkImContact({ tx, actor, contactId: request.params.id }));
    return reply.status(204).send();
  });

  // The platforms' own callbacks (WeCom, DingTalk, Feishu, Slack) authenticate by signatures over
  // the exact bytes: every body is read as text in this scope, whatever its content type.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    const typed = scope.withTypeProvider<ZodTypeProvider>();
    const callbackQuery = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
    const handler = async (
      request: FastifyRequest<{ Params: { id: number }; Querystring: Record<string, string | string[]> }>,
      reply: FastifyReply,
    ) => {
      const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
      const query = Object.fromEntries(Object.entries(request.query).map(([k, v]) => [k, first(v)]));
      const answer = await db.transaction((tx) =>
        handleImCallback({
          tx,
          botId: request.params.id,
          request: {
            method: request.method === 'GET' ? 'GET' : 'POST',
            query,
            header: (name) => first(request.headers[name]),
            rawBody: typeof request.body === 'string' ? request.body : '',
            now: new Date(),
          },
        }),
      );
      return reply.status(200).type(answer.contentType).send(answer.body);
    };
    const webhookLimit = perAddressLimit(deps.config.WEBHOOK_RATE_PER_MINUTE);
    const description =
      "The URL to paste into the platform's console (the bot's inboundUrl): WeCom's URL check (GET) and encrypted XML, DingTalk's outgoing robot, Feishu event subscription 2.0, Slack's Events API, each verified by its own signature.";
    typed.get(
      '/channels/im-bots/:id/callback',
      { schema: { tags, params: IdParams, querystring: callbackQuery, description }, config: webhookLimit },
      handler,
    );
    typed.post(
      '/channels/im-bots/:id/callback',
      { schema: { tags, params: IdParams, querystring: callbackQuery, description }, config: webhookLimit },
      handler,
    );
  });
}
