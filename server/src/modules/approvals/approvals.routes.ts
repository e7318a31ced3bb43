import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApprovalCancelInput,
  ApprovalDecisionInput,
  ApprovalDto,
  ApprovalLinkInput,
  ApprovalLinkParams,
  ApprovalLinkView,
  ApprovalList,
  ApprovalListQuery,
  TicketApprovalInput,
} from '../../../../contracts/approvals.ts';
import { IdParams } from '../../../../contracts/common.ts';
import { requireActor } from '../../platform/http/context.ts';
import type { AppDeps } from '../../platform/http/deps.ts';
import { cancelApproval } from './cancel-approval.ts';
import { decideApproval } from './decide.ts';
import { decideByLink, viewLink } from './decide-by-link.ts';
import { countMyPending, getApproval, listMyApprovals, listTicketApprovals } from './list-approvals.ts';
import { requestTicketApproval } from './request-ticket-approval.ts';

export async function approvalRoutes(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;
  const tags = ['approvals'];

  app.get(
    '/approvals',
    { schema: { tags, querystring: ApprovalListQuery, response: { 200: ApprovalList } } },
    async (request) => {
      const actor = requireActor(request);
      const items = await db.transaction((tx) => listMyApprovals({ tx, actor, input: request.query }));
      return { items };
    },
  );

  app.get(
    '/approvals/pending-count',
    { schema: { tags, response: { 200: z.object({ count: z.number().int() }) } } },
    async (request) => {
      const actor = requireActor(request);
      return { count: await db.transaction((tx) => countMyPending(tx, actor)) };
    },
  );

  app.get(
    '/approvals/:id',
    { schema: { tags, params: IdParams, response: { 200: ApprovalDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) => getApproval({ tx, actor, approvalId: request.params.id }));
    },
  );

  app.post(
    '/approvals/:id/decision',
    { schema: { tags, params: IdParams, body: ApprovalDecisionInput, response: { 200: ApprovalDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        decideApproval({ tx, actor, approvalId: request.params.id, input: { ...request.body, via: 'api' } }),
      );
    },
  );

  app.post(
    '/approvals/:id/cancel',
    { schema: { tags, params: IdParams, body: ApprovalCancelInput, response: { 200: ApprovalDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        cancelApproval({ tx, actor, approvalId: request.params.id, input: request.body }),
      );
    },
  );

  app.post(
    '/tickets/:id/approvals',
    { schema: { tags, params: IdParams, body: TicketApprovalInput, response: { 201: ApprovalDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const approval = await db.transaction((tx) =>
        requestTicketApproval({ tx, actor, ticketId: request.params.id, input: request.body }),
      );
      return reply.status(201).send(approval);
    },
  );

  app.get(
    '/tickets/:id/approvals',
    { schema: { tags, params: IdParams, response: { 200: ApprovalList } } },
    async (request) => {
      const actor = requireActor(request);
      const items = await db.transaction((tx) =>
        listTicketApprovals({ tx, actor, ticketId: request.params.id }),
      );
      return { items };
    },
  );

  // --- Deciding from the mail or IM message: signed single-use links, no sign-in ---
  app.get(
    '/approval-links/:token',
    { schema: { tags, security: [], params: ApprovalLinkParams, response: { 200: ApprovalLinkView } } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return db.transaction((tx) => viewLink({ tx, token: request.params.token }));
    },
  );

  app.post(
    '/approval-links/:token',
    {
      schema: {
        tags,
        security: [],
        params: ApprovalLinkParams,
        body: ApprovalLinkInput,
        response: { 200: ApprovalLinkView },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return db.transaction((tx) =>
        decideByLink({ tx, token: request.params.token, input: request.body ?? {} }),
      );
    },
  );
}
