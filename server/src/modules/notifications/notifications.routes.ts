import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../../contracts/common.ts';
import {
  ListNotificationsQuery,
  MessageTemplateDto,
  NotificationDto,
  NotificationPage,
  OutboxEmailDto,
  PreferencesDto,
  SaveMessageTemplateInput,
  TemplateParams,
  UnreadCount,
  UpdatePreferencesInput,
} from '../../../../contracts/notifications.ts';
import { requireActor } from '../../platform/http/context.ts';
import type { AppDeps } from '../../platform/http/deps.ts';
import { communicationRoutes } from './communication.routes.ts';
import { listNotifications, markAllRead, markRead, unreadCount } from './notification-center.ts';
import { listOutbox } from './outbox-admin.ts';
import { getPreferences, updatePreferences } from './preferences.ts';
import { templateVariables } from './template-render.ts';
import { listTemplates, resetTemplate, saveTemplate } from './templates.ts';

export async function notificationRoutes(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;
  const tags = ['notifications'];

  app.get(
    '/notifications',
    { schema: { tags, querystring: ListNotificationsQuery, response: { 200: NotificationPage } } },
    async (request) => listNotifications({ tx: db, actor: requireActor(request), query: request.query }),
  );
  app.get(
    '/notifications/unread-count',
    { schema: { tags, response: { 200: UnreadCount } } },
    async (request) => ({ unreadCount: await unreadCount(db, requireActor(request).id) }),
  );
  app.post(
    '/notifications/:id/read',
    { schema: { tags, params: IdParams, response: { 200: NotificationDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) => markRead({ tx, actor, notificationId: request.params.id }));
    },
  );
  app.post(
    '/notifications/read-all',
    { schema: { tags, response: { 200: UnreadCount } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) => markAllRead({ tx, actor }));
    },
  );
  app.get(
    '/notifications/preferences',
    { schema: { tags, response: { 200: PreferencesDto } } },
    async (request) => getPreferences({ tx: db, actor: requireActor(request) }),
  );
  app.put(
    '/notifications/preferences',
    { schema: { tags, body: UpdatePreferencesInput, response: { 200: PreferencesDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) => updatePreferences({ tx, actor, input: request.body }));
    },
  );

  const adminTags = ['channels'];
  app.get(
    '/channels/templates',
    { schema: { tags: adminTags, response: { 200: z.object({ items: z.array(MessageTemplateDto) }) } } },
    async (request) => {
      const views = await listTemplates({ tx: db, actor: requireActor(request) });
      return {
        items: views.map((v) => ({
          ...v,
          variables: [
            ...new Set([
              ...templateVariables(`${v.defaultSubject}\n${v.defaultBody}`),
              ...Object.keys(v.variableDescriptions),
            ]),
          ],
        })),
      };
    },
  );
  app.put(
    '/channels/templates/:event/:locale',
    { schema: { tags: adminTags, params: TemplateParams, body: SaveMessageTemplateInput } },
    async (request, reply) => {
      const actor = requireActor(request);
      const { event, locale } = request.params;
      await db.transaction((tx) => saveTemplate({ tx, actor, event, locale, input: request.body }));
      return reply.status(204).send();
    },
  );
  app.delete(
    '/channels/templates/:event/:locale',
    { schema: { tags: adminTags, params: TemplateParams } },
    async (request, reply) => {
      const actor = requireActor(request);
      const { event, locale } = request.params;
      await db.transaction((tx) => resetTemplate({ tx, actor, event, locale }));
      return reply.status(204).send();
    },
  );
  app.get(
    '/channels/outbox',
    {
      schema: {
        tags: adminTags,
        querystring: z.object({
          status: OutboxEmailDto.shape.status.optional(),
          ticketId: z.coerce.number().int().positive().optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ items: z.array(OutboxEmailDto) }) },
      },
    },
    async (request) => listOutbox({ tx: db, actor: requireActor(request), query: request.query }),
  );
  await communicationRoutes(fastify, deps);
}
