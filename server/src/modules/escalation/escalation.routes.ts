import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../../contracts/common.ts';
import {
  CreateEscalationInput,
  DeclareMajorIncidentInput,
  EscalationDto,
  EscalationReport,
  EscalationReportQuery,
  LinkMajorIncidentInput,
  MajorIncidentDto,
  MajorIncidentUpdateInput,
  NudgeDto,
  NudgeInput,
  ResolveMajorIncidentInput,
} from '../../../../contracts/escalation.ts';
import { requireActor } from '../../platform/http/context.ts';
import type { AppDeps } from '../../platform/http/deps.ts';
import { createEscalation } from './create-escalation.ts';
import { escalationReport, listTicketEscalations } from './escalation-queries.ts';
import {
  declareMajorIncident,
  getMajorIncident,
  linkMajorIncidentTickets,
  listMajorIncidents,
  postMajorIncidentUpdate,
  resolveMajorIncident,
} from './major-incidents.ts';
import { listNudges, nudgeTicket } from './nudge-ticket.ts';

const list = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
const MajorIncidentSummary = z.object({
  id: z.number(),
  title: z.string(),
  status: z.string(),
  declaredAt: z.string(),
  resolvedAt: z.string().nullable(),
  tickets: z.number(),
});

export async function escalationRoutes(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;
  const tags = ['escalation'];

  app.post(
    '/tickets/:id/escalations',
    { schema: { tags, params: IdParams, body: CreateEscalationInput, response: { 201: EscalationDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const escalation = await db.transaction((tx) =>
        createEscalation({ tx, actor, ticketId: request.params.id, input: request.body }),
      );
      return reply.status(201).send(escalation);
    },
  );
  app.get(
    '/tickets/:id/escalations',
    { schema: { tags, params: IdParams, response: { 200: list(EscalationDto) } } },
    async (request) =>
      listTicketEscalations({ tx: db, actor: requireActor(request), ticketId: request.params.id }),
  );
  app.get(
    '/escalations',
    { schema: { tags, querystring: EscalationReportQuery, response: { 200: EscalationReport } } },
    async (request) => escalationReport({ tx: db, actor: requireActor(request), query: request.query }),
  );

  app.post(
    '/tickets/:id/nudge',
    { schema: { tags, params: IdParams, body: NudgeInput.nullish(), response: { 201: NudgeDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const nudge = await db.transaction((tx) =>
        nudgeTicket({ tx, actor, ticketId: request.params.id, input: request.body ?? {} }),
      );
      return reply.status(201).send(nudge);
    },
  );
  app.get(
    '/tickets/:id/nudges',
    {
      schema: {
        tags,
        params: IdParams,
        response: { 200: list(NudgeDto.omit({ escalated: true, nextAllowedAt: true })) },
      },
    },
    async (request) => listNudges({ tx: db, actor: requireActor(request), ticketId: request.params.id }),
  );

  app.post(
    '/major-incidents',
    { schema: { tags, body: DeclareMajorIncidentInput, response: { 201: MajorIncidentDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const incident = await db.transaction((tx) => declareMajorIncident({ tx, actor, input: request.body }));
      return reply.status(201).send(incident);
    },
  );
  app.get(
    '/major-incidents',
    { schema: { tags, response: { 200: list(MajorIncidentSummary) } } },
    async (request) => listMajorIncidents({ tx: db, actor: requireActor(request) }),
  );
  app.get(
    '/major-incidents/:id',
    { schema: { tags, params: IdParams, response: { 200: MajorIncidentDto } } },
    async (request) => getMajorIncident({ tx: db, actor: requireActor(request), id: request.params.id }),
  );
  app.post(
    '/major-incidents/:id/tickets',
    { schema: { tags, params: IdParams, body: LinkMajorIncidentInput, response: { 200: MajorIncidentDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        linkMajorIncidentTickets({ tx, actor, id: request.params.id, ticketIds: request.body.ticketIds }),
      );
    },
  );
  app.post(
    '/major-incidents/:id/updates',
    {
      schema: { tags, params: IdParams, body: MajorIncidentUpdateInput, response: { 201: MajorIncidentDto } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const incident = await db.transaction((tx) =>
        postMajorIncidentUpdate({ tx, actor, id: request.params.id, body: request.body.body }),
      );
      return reply.status(201).send(incident);
    },
  );
  app.post(
    '/major-incidents/:id/resolve',
    {
      schema: {
        tags,
        params: IdParams,
        body: ResolveMajorIncidentInput,
        response: { 200: MajorIncidentDto },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        resolveMajorIncident({ tx, actor, id: request.params.id, resolution: request.body.resolution }),
      );
    },
  );
}
