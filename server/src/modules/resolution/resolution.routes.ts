import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../../contracts/common.ts';
import {
  ConfirmResolutionInput,
  ConfirmResolutionResult,
  CreateResolutionCodeInput,
  ResolutionCodeDto,
  ResolutionDto,
  ResolutionSettings,
  ResolveTicketInput,
  ResolveTicketResult,
  UpdateResolutionCodeInput,
} from '../../../../contracts/resolution.ts';
import { requireActor } from '../../platform/http/context.ts';
import type { AppDeps } from '../../platform/http/deps.ts';
import { assertCan } from '../identity/index.ts';
import { createResolutionCode, listResolutionCodes, updateResolutionCode } from './codes.ts';
import { confirmResolution } from './confirm-resolution.ts';
import { listResolutions } from './resolutions.ts';
import { resolveTicket } from './resolve-ticket.ts';
import { loadResolutionSettings, saveResolutionSettings } from './settings.ts';

const CodeParams = z.object({ code: z.string().min(1).max(60) });

export async function resolutionRoutes(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;
  const tags = ['resolution'];

  app.post(
    '/tickets/:id/resolve',
    { schema: { tags, params: IdParams, body: ResolveTicketInput, response: { 200: ResolveTicketResult } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        resolveTicket({ tx, actor, ticketId: request.params.id, input: request.body }),
      );
    },
  );

  app.post(
    '/tickets/:id/confirm',
    {
      schema: {
        tags,
        params: IdParams,
        body: ConfirmResolutionInput,
        response: { 200: ConfirmResolutionResult },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        confirmResolution({ tx, actor, ticketId: request.params.id, input: request.body }),
      );
    },
  );

  app.get(
    '/tickets/:id/resolutions',
    { schema: { tags, params: IdParams, response: { 200: z.object({ items: z.array(ResolutionDto) }) } } },
    async (request) => ({
      items: await listResolutions({ tx: db, actor: requireActor(request), ticketId: request.params.id }),
    }),
  );

  app.get(
    '/resolution-codes',
    {
      schema: {
        tags,
        querystring: z.object({ includeRetired: z.enum(['true', 'false']).default('false') }),
        response: { 200: z.object({ items: z.array(ResolutionCodeDto) }) },
      },
    },
    async (request) => {
      requireActor(request);
      return {
        items: await listResolutionCodes(db, { includeRetired: request.query.includeRetired === 'true' }),
      };
    },
  );

  app.post(
    '/resolution-codes',
    { schema: { tags, body: CreateResolutionCodeInput, response: { 201: ResolutionCodeDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const code = await db.transaction((tx) => createResolutionCode({ tx, actor, input: request.body }));
      return reply.status(201).send(code);
    },
  );

  app.patch(
    '/resolution-codes/:code',
    {
      schema: {
        tags,
        params: CodeParams,
        body: UpdateResolutionCodeInput,
        response: { 200: ResolutionCodeDto },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        updateResolutionCode({ tx, actor, code: request.params.code, input: request.body }),
      );
    },
  );

  app.get(
    '/settings/resolution',
    { schema: { tags, response: { 200: ResolutionSettings } } },
    async (request) => {
      assertCan(requireActor(request), 'ticket.work');
      return loadResolutionSettings(db);
    },
  );

  app.put(
    '/settings/resolution',
    { schema: { tags, body: ResolutionSettings.partial(), response: { 200: ResolutionSettings } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) => saveResolutionSettings({ tx, actor, input: request.body }));
    },
  );
}
