import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CalendarQuery,
  CausedIncidentsInput,
  ChangeCalendar,
  ChangeDto,
  ChangeList,
  ChangeListQuery,
  ChangeTemplateDto,
  ChangeTemplateInput,
  CreateChangeInput,
  FreezeDto,
  FreezeInput,
  FreezeList,
  ImplementChangeInput,
  ReviewChangeInput,
  SubmitChangeInput,
  UpdateChangeInput,
  UpdateFreezeInput,
} from '../../../../contracts/changes.ts';
import { IdParams, updateSchema } from '../../../../contracts/common.ts';
import { requireActor } from '../../platform/http/context.ts';
import type { AppDeps } from '../../platform/http/deps.ts';
import { changeCalendar } from './change-calendar.ts';
import { createChange } from './create-change.ts';
import { implementChange } from './implement-change.ts';
import { getChange, listChanges } from './list-changes.ts';
import { listFreezes } from './list-freezes.ts';
import { markCausedIncidents } from './mark-caused-incidents.ts';
import { moveChange } from './move-change.ts';
import { reviewChange } from './review-change.ts';
import { createFreeze, deleteFreeze, updateFreeze } from './save-freeze.ts';
import { submitChange } from './submit-change.ts';
import { createTemplate, listTemplates, updateTemplate } from './templates.ts';
import { updateChange } from './update-change.ts';

export async function changeRoutes(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;
  const tags = ['changes'];

  app.get(
    '/changes',
    { schema: { tags, querystring: ChangeListQuery, response: { 200: ChangeList } } },
    (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) => listChanges({ tx, actor, query: request.query }));
    },
  );

  app.get(
    '/changes/calendar',
    { schema: { tags, querystring: CalendarQuery, response: { 200: ChangeCalendar } } },
    (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) => changeCalendar({ tx, actor, query: request.query }));
    },
  );

  app.post(
    '/changes',
    { schema: { tags, body: CreateChangeInput, response: { 201: ChangeDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const created = await db.transaction((tx) => createChange({ tx, actor, input: request.body }));
      return reply.status(201).send(created);
    },
  );

  app.get('/changes/:id', { schema: { tags, params: IdParams, response: { 200: ChangeDto } } }, (request) => {
    const actor = requireActor(request);
    return db.transaction((tx) => getChange({ tx, actor, changeId: request.params.id }));
  });

  app.patch(
    '/changes/:id',
    { schema: { tags, params: IdParams, body: UpdateChangeInput, response: { 200: ChangeDto } } },
    (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        updateChange({ tx, actor, changeId: request.params.id, input: request.body }),
      );
    },
  );

  app.post(
    '/changes/:id/submit',
    { schema: { tags, params: IdParams, body: SubmitChangeInput, response: { 200: ChangeDto } } },
    (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        submitChange({ tx, actor, changeId: request.params.id, input: request.body }),
      );
    },
  );

  for (const [path, to] of [
    ['schedule', 'scheduled'],
    ['start', 'implementing'],
  ] as const) {
    app.post(
      `/changes/:id/${path}`,
      { schema: { tags, params: IdParams, response: { 200: ChangeDto } } },
      (request) => {
        const actor = requireActor(request);
        return db.transaction((tx) => moveChange({ tx, actor, changeId: request.params.id, to }));
      },
    );
  }

  app.post(
    '/changes/:id/implement',
    { schema: { tags, params: IdParams, body: ImplementChangeInput, response: { 200: ChangeDto } } },
    (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        implementChange({ tx, actor, changeId: request.params.id, input: request.body }),
      );
    },
  );

  app.post(
    '/changes/:id/review',
    { schema: { tags, params: IdParams, body: ReviewChangeInput, response: { 200: ChangeDto } } },
    (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        reviewChange({ tx, actor, changeId: request.params.id, input: request.body }),
      );
    },
  );

  app.post(
    '/changes/:id/caused-incidents',
    { schema: { tags, params: IdParams, body: CausedIncidentsInput, response: { 200: ChangeDto } } },
    (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        markCausedIncidents({ tx, actor, changeId: request.params.id, input: request.body }),
      );
    },
  );

  app.get(
    '/change-templates',
    { schema: { tags, response: { 200: z.object({ items: z.array(ChangeTemplateDto) }) } } },
    (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) => listTemplates({ tx, actor }));
    },
  );

  app.post(
    '/change-templates',
    { schema: { tags, body: ChangeTemplateInput, response: { 201: ChangeTemplateDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const created = await db.transaction((tx) => createTemplate({ tx, actor, input: request.body }));
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/change-templates/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: updateSchema(ChangeTemplateInput),
        response: { 200: ChangeTemplateDto },
      },
    },
    (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        updateTemplate({ tx, actor, templateId: request.params.id, input: request.body }),
      );
    },
  );

  app.get('/change-freezes', { schema: { tags, response: { 200: FreezeList } } }, (request) => {
    const actor = requireActor(request);
    return db.transaction((tx) => listFreezes({ tx, actor }));
  });

  app.post(
    '/change-freezes',
    { schema: { tags, body: FreezeInput, response: { 201: FreezeDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const created = await db.transaction((tx) => createFreeze({ tx, actor, input: request.body }));
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/change-freezes/:id',
    { schema: { tags, params: IdParams, body: UpdateFreezeInput, response: { 200: FreezeDto } } },
    (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        updateFreeze({ tx, actor, freezeId: request.params.id, input: request.body }),
      );
    },
  );

  app.delete('/change-freezes/:id', { schema: { tags, params: IdParams } }, async (request, reply) => {
    const actor = requireActor(request);
    await db.transaction((tx) => deleteFreeze({ tx, actor, freezeId: request.params.id }));
    return reply.status(204).send();
  });
}
