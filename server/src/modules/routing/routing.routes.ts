import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id, IdParams } from '../../../../contracts/common.ts';
import {
  AgentAvailabilityDto,
  AgentProfileInput,
  CreateDutyShiftInput,
  CreateRoutingRuleInput,
  DutyShiftDto,
  DutyShiftQuery,
  RoutingRuleDto,
  SetTierInput,
  TierDto,
  UpdateRoutingRuleInput,
} from '../../../../contracts/routing.ts';
import { requireActor } from '../../platform/http/context.ts';
import type { AppDeps } from '../../platform/http/deps.ts';
import { listAvailability, setAgentProfile } from './availability.ts';
import { createDutyShift, deleteDutyShift, listDutyShifts } from './duty-shifts.ts';
import { createRoutingRule, deleteRoutingRule, listRoutingRules, updateRoutingRule } from './rules.ts';
import { listTiers, setNextTier } from './tiers.ts';

const list = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

export async function routingRoutes(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;
  const tags = ['routing'];

  app.get('/routing-rules', { schema: { tags, response: { 200: list(RoutingRuleDto) } } }, async (request) =>
    listRoutingRules({ tx: db, actor: requireActor(request) }),
  );
  app.post(
    '/routing-rules',
    { schema: { tags, body: CreateRoutingRuleInput, response: { 201: RoutingRuleDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const rule = await db.transaction((tx) => createRoutingRule({ tx, actor, input: request.body }));
      return reply.status(201).send(rule);
    },
  );
  app.patch(
    '/routing-rules/:id',
    { schema: { tags, params: IdParams, body: UpdateRoutingRuleInput, response: { 200: RoutingRuleDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        updateRoutingRule({ tx, actor, ruleId: request.params.id, input: request.body }),
      );
    },
  );
  app.delete('/routing-rules/:id', { schema: { tags, params: IdParams } }, async (request, reply) => {
    const actor = requireActor(request);
    await db.transaction((tx) => deleteRoutingRule({ tx, actor, ruleId: request.params.id }));
    return reply.status(204).send();
  });

  app.get('/routing/tiers', { schema: { tags, response: { 200: list(TierDto) } } }, async (request) =>
    listTiers({ tx: db, actor: requireActor(request) }),
  );
  app.put(
    '/routing/tiers/:teamId',
    { schema: { tags, params: z.object({ teamId: Id }), body: SetTierInput, response: { 200: TierDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        setNextTier({ tx, actor, teamId: request.params.teamId, nextTeamId: request.body.nextTeamId }),
      );
    },
  );

  app.get(
    '/agents/availability',
    {
      schema: {
        tags,
        querystring: z.object({ teamId: z.coerce.number().int().positive().optional() }),
        response: { 200: list(AgentAvailabilityDto) },
      },
    },
    async (request) =>
      listAvailability({ tx: db, actor: requireActor(request), teamId: request.query.teamId }),
  );
  app.put(
    '/agents/:id/profile',
    { schema: { tags, params: IdParams, body: AgentProfileInput, response: { 200: AgentAvailabilityDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        setAgentProfile({ tx, actor, userId: request.params.id, input: request.body }),
      );
    },
  );

  app.get(
    '/duty-shifts',
    { schema: { tags, querystring: DutyShiftQuery, response: { 200: list(DutyShiftDto) } } },
    async (request) => listDutyShifts({ tx: db, actor: requireActor(request), query: request.query }),
  );
  app.post(
    '/duty-shifts',
    { schema: { tags, body: CreateDutyShiftInput, response: { 201: DutyShiftDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const shift = await db.transaction((tx) => createDutyShift({ tx, actor, input: request.body }));
      return reply.status(201).send(shift);
    },
  );
  app.delete('/duty-shifts/:id', { schema: { tags, params: IdParams } }, async (request, reply) => {
    const actor = requireActor(request);
    await db.transaction((tx) => deleteDutyShift({ tx, actor, shiftId: request.params.id }));
    return reply.status(204).send();
  });
}
