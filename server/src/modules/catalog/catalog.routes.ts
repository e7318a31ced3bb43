import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CatalogItemDto,
  CatalogItemList,
  CreateCatalogItemInput,
  CreateServiceRequestInput,
  FulfilmentTaskDto,
  FulfilmentTaskList,
  SelfHelpDto,
  ServiceRequestDto,
  UpdateCatalogItemInput,
  UpdateTaskInput,
} from '../../../../contracts/catalog.ts';
import { IdParams } from '../../../../contracts/common.ts';
import { TicketDto } from '../../../../contracts/tickets.ts';
import { requireActor } from '../../platform/http/context.ts';
import type { AppDeps } from '../../platform/http/deps.ts';
import { completeTask } from './complete-task.ts';
import { createItem } from './create-item.ts';
import { deleteItem } from './delete-item.ts';
import { getServiceRequest, getTicketTasks } from './get-request.ts';
import { getItem, listItems } from './list-items.ts';
import { requestService } from './request-service.ts';
import { confirmSelfHelp, getSelfHelp } from './self-help.ts';
import { updateItem } from './update-item.ts';

const CreatedRequest = z.object({ requestId: z.number(), ticket: TicketDto });

export async function catalogRoutes(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;
  const tags = ['catalog'];

  app.get(
    '/catalog/items',
    {
      schema: {
        tags,
        querystring: z.object({ all: z.enum(['true', 'false']).default('false') }),
        response: { 200: CatalogItemList },
      },
    },
    async (request) => ({
      items: await listItems({ tx: db, actor: requireActor(request), all: request.query.all === 'true' }),
    }),
  );

  app.get(
    '/catalog/items/:id',
    { schema: { tags, params: IdParams, response: { 200: CatalogItemDto } } },
    async (request) => getItem({ tx: db, actor: requireActor(request), itemId: request.params.id }),
  );

  app.post(
    '/catalog/items',
    { schema: { tags, body: CreateCatalogItemInput, response: { 201: CatalogItemDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const item = await db.transaction((tx) => createItem({ tx, actor, input: request.body }));
      return reply.code(201).send(item);
    },
  );

  app.patch(
    '/catalog/items/:id',
    { schema: { tags, params: IdParams, body: UpdateCatalogItemInput, response: { 200: CatalogItemDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        updateItem({ tx, actor, itemId: request.params.id, input: request.body }),
      );
    },
  );

  app.delete('/catalog/items/:id', { schema: { tags, params: IdParams } }, async (request, reply) => {
    const actor = requireActor(request);
    await db.transaction((tx) => deleteItem({ tx, actor, itemId: request.params.id }));
    return reply.code(204).send();
  });

  app.post(
    '/catalog/items/:id/requests',
    {
      schema: { tags, params: IdParams, body: CreateServiceRequestInput, response: { 201: CreatedRequest } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const created = await db.transaction((tx) =>
        requestService({ tx, actor, itemId: request.params.id, input: request.body }),
      );
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/tickets/:id/service-request',
    { schema: { tags, params: IdParams, response: { 200: ServiceRequestDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) => getServiceRequest({ tx, actor, ticketId: request.params.id }));
    },
  );

  app.get(
    '/tickets/:id/tasks',
    { schema: { tags, params: IdParams, response: { 200: FulfilmentTaskList } } },
    async (request) => {
      const actor = requireActor(request);
      return {
        items: await db.transaction((tx) => getTicketTasks({ tx, actor, ticketId: request.params.id })),
      };
    },
  );

  app.get(
    '/tickets/:id/self-help',
    { schema: { tags, params: IdParams, response: { 200: SelfHelpDto } } },
    async (request) => getSelfHelp({ tx: db, actor: requireActor(request), ticketId: request.params.id }),
  );

  app.post(
    '/tickets/:id/self-help/confirm',
    { schema: { tags, params: IdParams, response: { 200: SelfHelpDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) => confirmSelfHelp({ tx, actor, ticketId: request.params.id }));
    },
  );

  app.patch(
    '/tasks/:id',
    { schema: { tags, params: IdParams, body: UpdateTaskInput, response: { 200: FulfilmentTaskDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) => completeTask({ tx, actor, taskId: request.params.id }));
    },
  );
}
