import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CallbackDto,
  CreateCallbackInput,
  ListCallbacksQuery,
  LogCallInput,
  PhoneCallDto,
  UpdateCallbackInput,
} from '../../../../../contracts/channels.ts';
import { IdParams } from '../../../../../contracts/common.ts';
import { requireActor } from '../../../platform/http/context.ts';
import type { AppDeps } from '../../../platform/http/deps.ts';
import { listCallbacks, scheduleCallback, updateCallback } from './callbacks.ts';
import { listCalls, logCall } from './calls.ts';

export async function phoneRoutes(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;
  const tags = ['channels'];

  app.post(
    '/channels/phone/calls',
    { schema: { tags, body: LogCallInput, response: { 201: PhoneCallDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const call = await db.transaction((tx) => logCall({ tx, actor, input: request.body }));
      return reply.status(201).send(call);
    },
  );
  app.get(
    '/channels/phone/calls',
    {
      schema: {
        tags,
        querystring: z.object({ ticketId: z.coerce.number().int().positive().optional() }),
        response: { 200: z.object({ items: z.array(PhoneCallDto) }) },
      },
    },
    async (request) => ({
      items: await listCalls({
        tx: db,
        actor: requireActor(request),
        ...(request.query.ticketId ? { ticketId: request.query.ticketId } : {}),
      }),
    }),
  );
  app.post(
    '/channels/phone/callbacks',
    { schema: { tags, body: CreateCallbackInput, response: { 201: CallbackDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const callback = await db.transaction((tx) => scheduleCallback({ tx, actor, input: request.body }));
      return reply.status(201).send(callback);
    },
  );
  app.get(
    '/channels/phone/callbacks',
    {
      schema: {
        tags,
        querystring: ListCallbacksQuery,
        response: { 200: z.object({ items: z.array(CallbackDto) }) },
      },
    },
    async (request) => ({
      items: await listCallbacks({ tx: db, actor: requireActor(request), query: request.query }),
    }),
  );
  app.patch(
    '/channels/phone/callbacks/:id',
    { schema: { tags, params: IdParams, body: UpdateCallbackInput, response: { 200: CallbackDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        updateCallback({ tx, actor, callbackId: request.params.id, input: request.body }),
      );
    },
  );
}
