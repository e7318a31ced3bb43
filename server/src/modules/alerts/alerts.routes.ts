import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AlertSourceDto,
  AlertSourceWithToken,
  CreateAlertSourceInput,
  IngestResult,
  TicketAlertDto,
  UpdateAlertSourceInput,
} from '../../../../contracts/alerts.ts';
import { IdParams } from '../../../../contracts/common.ts';
import { requireActor } from '../../platform/http/context.ts';
import type { AppDeps } from '../../platform/http/deps.ts';
import { perAddressLimit } from '../../platform/http/rate-limits.ts';
import { AlertIntake } from './alert-intake.ts';
import {
  createAlertSource,
  deactivateAlertSource,
  getAlertSource,
  listAlertSources,
  rotateAlertSourceToken,
  updateAlertSource,
} from './sources.ts';
import { listTicketAlerts } from './ticket-alerts.ts';

/** The token a monitoring system sends: `Authorization: Bearer <token>`, or Basic with the token as password. */
export function presentedToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  if (bearer) return bearer;
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header)?.[1];
  if (!basic) return undefined;
  const decoded = Buffer.from(basic, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 ? decoded.slice(colon + 1) || undefined : undefined;
}

export async function alertRoutes(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db, config } = deps;
  const publicUrl = config.PUBLIC_URL;
  const tags = ['alerts'];
  const intake = new AlertIntake(db, publicUrl);

  app.get(
    '/alert-sources',
    { schema: { tags, response: { 200: z.object({ items: z.array(AlertSourceDto) }) } } },
    async (request) => listAlertSources({ tx: db, actor: requireActor(request), publicUrl }),
  );
  app.post(
    '/alert-sources',
    { schema: { tags, body: CreateAlertSourceInput, response: { 201: AlertSourceWithToken } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const source = await db.transaction((tx) =>
        createAlertSource({ tx, actor, input: request.body, publicUrl }),
      );
      return reply.status(201).send(source);
    },
  );
  app.get(
    '/alert-sources/:id',
    { schema: { tags, params: IdParams, response: { 200: AlertSourceDto } } },
    async (request) =>
      getAlertSource({ tx: db, actor: requireActor(request), id: request.params.id, publicUrl }),
  );
  app.patch(
    '/alert-sources/:id',
    { schema: { tags, params: IdParams, body: UpdateAlertSourceInput, response: { 200: AlertSourceDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        updateAlertSource({ tx, actor, id: request.params.id, input: request.body, publicUrl }),
      );
    },
  );
  app.delete('/alert-sources/:id', { schema: { tags, params: IdParams } }, async (request, reply) => {
    const actor = requireActor(request);
    await db.transaction((tx) => deactivateAlertSource({ tx, actor, id: request.params.id }));
    return reply.status(204).send();
  });
  app.post(
    '/alert-sources/:id/rotate-token',
    { schema: { tags, params: IdParams, response: { 200: AlertSourceWithToken } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) => rotateAlertSourceToken({ tx, actor, id: request.params.id, publicUrl }));
    },
  );
  app.post(
    '/alert-sources/:id/ingest',
    {
      bodyLimit: 4 * 1024 * 1024,
      config: perAddressLimit(deps.config.WEBHOOK_RATE_PER_MINUTE),
      schema: {
        tags,
        params: IdParams,
        body: z.unknown(),
        description:
          "A monitoring system's own payload: Alertmanager webhook (version 4), Grafana webhook contact point, the product's Zabbix media type, or generic JSON through the source's mapping. `Authorization: Bearer <the source's token>`.",
        security: [],
        response: { 200: IngestResult },
      },
    },
    async (request) =>
      intake.take({
        sourceId: request.params.id,
        token: presentedToken(request.headers.authorization),
        body: request.body,
      }),
  );
  app.get(
    '/tickets/:id/alerts',
    { schema: { tags, params: IdParams, response: { 200: z.object({ items: z.array(TicketAlertDto) }) } } },
    async (request) =>
      listTicketAlerts({ tx: db, actor: requireActor(request), ticketId: request.params.id }),
  );
}
