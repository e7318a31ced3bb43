import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CreateRuleInput,
  DryRunDto,
  DryRunInput,
  ListRunsQuery,
  RuleDto,
  RuleRunDto,
  UpdateRuleInput,
} from '../../../../contracts/automation.ts';
import { IdParams } from '../../../../contracts/common.ts';
import { requireActor } from '../../platform/http/context.ts';
import type { AppDeps } from '../../platform/http/deps.ts';
import { dryRunRule } from './dry-run.ts';
import { createRule, deleteRule, getRule, listRules, updateRule } from './rules.ts';
import { listRuns } from './runs.ts';

/** Automation rules (admin), their runs, and the dry run. */
export async function automationRoutes(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;
  const tags = ['automation'];

  app.get(
    '/automation/rules',
    { schema: { tags, response: { 200: z.object({ items: z.array(RuleDto) }) } } },
    async (request) => {
      const actor = requireActor(request);
      return { items: await db.transaction((tx) => listRules({ tx, actor })) };
    },
  );

  app.post(
    '/automation/rules',
    { schema: { tags, body: CreateRuleInput, response: { 201: RuleDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const rule = await db.transaction((tx) => createRule({ tx, actor, input: request.body }));
      return reply.status(201).send(rule);
    },
  );

  app.get(
    '/automation/rules/:id',
    { schema: { tags, params: IdParams, response: { 200: RuleDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) => getRule({ tx, actor, ruleId: request.params.id }));
    },
  );

  app.patch(
    '/automation/rules/:id',
    { schema: { tags, params: IdParams, body: UpdateRuleInput, response: { 200: RuleDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        updateRule({ tx, actor, ruleId: request.params.id, input: request.body }),
      );
    },
  );

  app.delete('/automation/rules/:id', { schema: { tags, params: IdParams } }, async (request, reply) => {
    const actor = requireActor(request);
    await db.transaction((tx) => deleteRule({ tx, actor, ruleId: request.params.id }));
    return reply.status(204).send();
  });

  app.post(
    '/automation/rules/:id/test',
    { schema: { tags, params: IdParams, body: DryRunInput, response: { 200: DryRunDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        dryRunRule({
          tx,
          actor,
          ruleId: request.params.id,
          ticketId: request.body.ticketId,
          changedBy: request.body.changedBy,
        }),
      );
    },
  );

  app.get(
    '/automation/runs',
    {
      schema: {
        tags,
        querystring: ListRunsQuery,
        response: { 200: z.object({ items: z.array(RuleRunDto) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return { items: await db.transaction((tx) => listRuns({ tx, actor, query: request.query })) };
    },
  );
}
