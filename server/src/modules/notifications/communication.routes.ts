import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CannedResponseDto,
  CreateCannedResponseInput,
  CreateNoticeTemplateInput,
  ListCannedQuery,
  NoticeTemplateDto,
  RenderCannedInput,
  RenderedText,
  RenderNoticeInput,
  UpdateCannedResponseInput,
  UpdateNoticeTemplateInput,
} from '../../../../contracts/channels.ts';
import { IdParams } from '../../../../contracts/common.ts';
import { requireActor } from '../../platform/http/context.ts';
import type { AppDeps } from '../../platform/http/deps.ts';
import {
  createCannedResponse,
  deleteCannedResponse,
  listCannedResponses,
  renderCannedResponse,
  updateCannedResponse,
} from './canned-responses.ts';
import {
  createNoticeTemplate,
  deleteNoticeTemplate,
  listNoticeTemplates,
  renderNotice,
  updateNoticeTemplate,
} from './notice-templates.ts';

/** Canned responses (CM-4) and outage / maintenance / upgrade notice templates (CM-2). */
export async function communicationRoutes(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;
  const tags = ['channels'];
  const list = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

  app.get(
    '/channels/canned-responses',
    { schema: { tags, querystring: ListCannedQuery, response: { 200: list(CannedResponseDto) } } },
    async (request) => ({
      items: await listCannedResponses({
        tx: db,
        actor: requireActor(request),
        ticketId: request.query.ticketId,
      }),
    }),
  );
  app.post(
    '/channels/canned-responses',
    { schema: { tags, body: CreateCannedResponseInput, response: { 201: CannedResponseDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      return reply
        .status(201)
        .send(await db.transaction((tx) => createCannedResponse({ tx, actor, input: request.body })));
    },
  );
  app.patch(
    '/channels/canned-responses/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: UpdateCannedResponseInput,
        response: { 200: CannedResponseDto },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        updateCannedResponse({ tx, actor, id: request.params.id, input: request.body }),
      );
    },
  );
  app.delete(
    '/channels/canned-responses/:id',
    { schema: { tags, params: IdParams } },
    async (request, reply) => {
      const actor = requireActor(request);
      await db.transaction((tx) => deleteCannedResponse({ tx, actor, id: request.params.id }));
      return reply.status(204).send();
    },
  );
  app.post(
    '/channels/canned-responses/:id/render',
    { schema: { tags, params: IdParams, body: RenderCannedInput, response: { 200: RenderedText } } },
    async (request) =>
      renderCannedResponse({
        tx: db,
        actor: requireActor(request),
        id: request.params.id,
        ticketId: request.body.ticketId,
      }),
  );

  app.get(
    '/channels/notice-templates',
    { schema: { tags, response: { 200: list(NoticeTemplateDto) } } },
    async (request) => ({
      items: await listNoticeTemplates({ tx: db, actor: requireActor(request) }),
    }),
  );
  app.post(
    '/channels/notice-templates',
    { schema: { tags, body: CreateNoticeTemplateInput, response: { 201: NoticeTemplateDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      return reply
        .status(201)
        .send(await db.transaction((tx) => createNoticeTemplate({ tx, actor, input: request.body })));
    },
  );
  app.patch(
    '/channels/notice-templates/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: UpdateNoticeTemplateInput,
        response: { 200: NoticeTemplateDto },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        updateNoticeTemplate({ tx, actor, id: request.params.id, input: request.body }),
      );
    },
  );
  app.delete(
    '/channels/notice-templates/:id',
    { schema: { tags, params: IdParams } },
    async (request, reply) => {
      const actor = requireActor(request);
      await db.transaction((tx) => deleteNoticeTemplate({ tx, actor, id: request.params.id }));
      return reply.status(204).send();
    },
  );
  app.post(
    '/channels/notice-templates/:id/render',
    { schema: { tags, params: IdParams, body: RenderNoticeInput, response: { 200: RenderedText } } },
    async (request) =>
      renderNotice({ tx: db, actor: requireActor(request), id: request.params.id, input: request.body }),
  );
}
