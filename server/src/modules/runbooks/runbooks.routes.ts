import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../../contracts/common.ts';
import {
  CreateRunbookInput,
  RunbookChoiceDto,
  RunbookDto,
  RunbookRunDto,
  StartRunbookRunInput,
  UpdateRunbookInput,
} from '../../../../contracts/runbooks.ts';
import { requireActor } from '../../platform/http/context.ts';
import type { AppDeps } from '../../platform/http/deps.ts';
import { createRunbook } from './create-runbook.ts';
import { deleteRunbook } from './delete-runbook.ts';
import { getRunbook, listRunbookChoices, listRunbooks } from './list-runbooks.ts';
import { listTicketRuns } from './list-runs.ts';
import { startRunbook } from './start-runbook.ts';
import { updateRunbook } from './update-runbook.ts';

export async function runbookRoutes(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;
  const tags = ['runbooks'];

  app.get(
    '/runbooks',
    { schema: { tags, response: { 200: z.object({ items: z.array(RunbookDto) }) } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) => listRunbooks({ tx, actor }));
    },
  );

  app.get(
    '/runbooks/choices',
    { schema: { tags, response: { 200: z.object({ items: z.array(RunbookChoiceDto) }) } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) => listRunbookChoices({ tx, actor }));
    },
  );

  app.post(
    '/runbooks',
    { schema: { tags, body: CreateRunbookInput, response: { 201: RunbookDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const created = await db.transaction((tx) => createRunbook({ tx, actor, input: request.body }));
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/runbooks/:id',
    { schema: { tags, params: IdParams, response: { 200: RunbookDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) => getRunbook({ tx, actor, runbookId: request.params.id }));
    },
  );

  app.put(
    '/runbooks/:id',
    { schema: { tags, params: IdParams, body: UpdateRunbookInput, response: { 200: RunbookDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        updateRunbook({ tx, actor, runbookId: request.params.id, input: request.body }),
      );
    },
  );

  app.delete('/runbooks/:id', { schema: { tags, params: IdParams } }, async (request, reply) => {
    const actor = requireActor(request);
    await db.transaction((tx) => deleteRunbook({ tx, actor, runbookId: request.params.id }));
    return reply.status(204).send();
  });

  app.post(
    '/tickets/:id/runbooks',
    { schema: { tags, params: IdParams, body: StartRunbookRunInput, response: { 201: RunbookRunDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const run = await db.transaction((tx) =>
        startRunbook(tx, { runbookId: request.body.runbookId, ticketId: request.params.id, actor }),
      );
      return reply.status(201).send(run);
    },
  );

  app.get(
    '/tickets/:id/runbooks',
    { schema: { tags, params: IdParams, response: { 200: z.object({ items: z.array(RunbookRunDto) }) } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) => listTicketRuns({ tx, actor, ticketId: request.params.id }));
    },
  );
}
