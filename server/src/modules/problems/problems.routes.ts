import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams } from '../../../../contracts/common.ts';
import {
  CreateProblemInput,
  KnownErrorResult,
  LinkProblemTicketsInput,
  ListProblemsQuery,
  ProblemDetailDto,
  ProblemDto,
  ProblemPage,
  ProblemTicketParams,
  UpdateProblemInput,
} from '../../../../contracts/problems.ts';
import { requireActor } from '../../platform/http/context.ts';
import type { AppDeps } from '../../platform/http/deps.ts';
import { createProblem } from './create-problem.ts';
import { publishKnownError } from './known-error.ts';
import { linkProblemTickets, unlinkProblemTicket } from './link-tickets.ts';
import { getProblem, listProblems } from './list-problems.ts';
import { updateProblem } from './update-problem.ts';

/** Problem management (issue 14, 问题管理). */
export async function problemRoutes(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;
  const tags = ['problems'];

  app.get(
    '/problems',
    { schema: { tags, querystring: ListProblemsQuery, response: { 200: ProblemPage } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) => listProblems({ tx, actor, query: request.query }));
    },
  );

  app.post(
    '/problems',
    { schema: { tags, body: CreateProblemInput, response: { 201: ProblemDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const created = await db.transaction((tx) => createProblem({ tx, actor, input: request.body }));
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/problems/:id',
    { schema: { tags, params: IdParams, response: { 200: ProblemDetailDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) => getProblem({ tx, actor, problemId: request.params.id }));
    },
  );

  app.patch(
    '/problems/:id',
    { schema: { tags, params: IdParams, body: UpdateProblemInput, response: { 200: ProblemDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        updateProblem({ tx, actor, problemId: request.params.id, input: request.body }),
      );
    },
  );

  app.post(
    '/problems/:id/tickets',
    {
      schema: { tags, params: IdParams, body: LinkProblemTicketsInput, response: { 200: ProblemDetailDto } },
    },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        linkProblemTickets({ tx, actor, problemId: request.params.id, ticketIds: request.body.ticketIds }),
      );
    },
  );

  app.delete(
    '/problems/:id/tickets/:ticketId',
    { schema: { tags, params: ProblemTicketParams, response: { 200: ProblemDetailDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        unlinkProblemTicket({ tx, actor, problemId: request.params.id, ticketId: request.params.ticketId }),
      );
    },
  );

  app.post(
    '/problems/:id/known-error',
    { schema: { tags, params: IdParams, response: { 200: KnownErrorResult } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) => publishKnownError({ tx, actor, problemId: request.params.id }));
    },
  );
}
