import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id, IdParams } from '../../../../contracts/common.ts';
import {
  CalendarDto,
  ClocksQuery,
  CommitmentDto,
  CompleteHandoffInput,
  CreateCalendarInput,
  CreateSlaPolicyInput,
  CreateVendorInput,
  HandOffInput,
  IcalImportResult,
  ProgressUpdateInput,
  ProgressUpdateResult,
  SimulateInput,
  SimulationResult,
  SlaExplainDto,
  SlaPolicyDto,
  TicketClocksDto,
  UpdateCalendarInput,
  UpdateSlaPolicyInput,
  VendorClockDto,
  VendorDto,
} from '../../../../contracts/sla.ts';
import { requireActor } from '../../platform/http/context.ts';
import type { AppDeps } from '../../platform/http/deps.ts';
import { assertCan } from '../identity/index.ts';
import { createCalendar, deleteCalendar, getCalendar, listCalendars, updateCalendar } from './calendars.ts';
import { explainTicketSla } from './explain-ticket-sla.ts';
import { importCalendarIcal } from './import-calendar-ical.ts';
import { createPolicy, deletePolicy, getPolicy, listPolicies, updatePolicy } from './policies.ts';
import { postProgressUpdate } from './post-progress-update.ts';
import { listCommitments, listTicketClocks } from './read-clocks.ts';
import { scheduleRecompute } from './recompute-job.ts';
import { simulatePolicy } from './simulate-policy.ts';
import { completeHandoff, createVendor, handOffToVendor, listVendors } from './vendors.ts';

const list = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
/** An iCalendar feed: the .ics text itself (text/calendar or text/plain), or JSON `{ ics }`. */
const IcalBody = z.union([
  z.string().min(1).max(2_000_000),
  z.object({ ics: z.string().min(1).max(2_000_000) }),
]);

export async function slaRoutes(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;
  const tags = ['sla'];

  app.get('/calendars', { schema: { tags, response: { 200: list(CalendarDto) } } }, async (request) =>
    listCalendars({ tx: db, actor: requireActor(request) }),
  );
  app.post(
    '/calendars',
    { schema: { tags, body: CreateCalendarInput, response: { 201: CalendarDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const calendar = await db.transaction((tx) => createCalendar({ tx, actor, input: request.body }));
      return reply.status(201).send(calendar);
    },
  );
  app.get(
    '/calendars/:id',
    { schema: { tags, params: IdParams, response: { 200: CalendarDto } } },
    async (request) => getCalendar({ tx: db, actor: requireActor(request), calendarId: request.params.id }),
  );
  app.patch(
    '/calendars/:id',
    { schema: { tags, params: IdParams, body: UpdateCalendarInput, response: { 200: CalendarDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        updateCalendar({ tx, actor, calendarId: request.params.id, input: request.body }),
      );
    },
  );
  app.delete('/calendars/:id', { schema: { tags, params: IdParams } }, async (request, reply) => {
    const actor = requireActor(request);
    await db.transaction((tx) => deleteCalendar({ tx, actor, calendarId: request.params.id }));
    return reply.status(204).send();
  });
  await app.register(async (scoped) => {
    scoped.addContentTypeParser(['text/calendar'], { parseAs: 'string' }, (_req, body, done) =>
      done(null, body),
    );
    scoped.withTypeProvider<ZodTypeProvider>().post(
      '/calendars/:id/ical',
      {
        schema: {
          tags,
          params: IdParams,
          consumes: ['text/calendar', 'text/plain', 'application/json'],
          body: IcalBody,
          response: { 200: IcalImportResult },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const body = typeof request.body === 'string' ? request.body : request.body.ics;
        return db.transaction((tx) => importCalendarIcal({ tx, actor, calendarId: request.params.id, body }));
      },
    );
  });

  app.get('/sla-policies', { schema: { tags, response: { 200: list(SlaPolicyDto) } } }, async (request) =>
    listPolicies({ tx: db, actor: requireActor(request) }),
  );
  app.post(
    '/sla-policies',
    { schema: { tags, body: CreateSlaPolicyInput, response: { 201: SlaPolicyDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const policy = await db.transaction((tx) => createPolicy({ tx, actor, input: request.body }));
      return reply.status(201).send(policy);
    },
  );
  app.get(
    '/sla-policies/:id',
    { schema: { tags, params: IdParams, response: { 200: SlaPolicyDto } } },
    async (request) => getPolicy({ tx: db, actor: requireActor(request), policyId: request.params.id }),
  );
  app.patch(
    '/sla-policies/:id',
    { schema: { tags, params: IdParams, body: UpdateSlaPolicyInput, response: { 200: SlaPolicyDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        updatePolicy({ tx, actor, policyId: request.params.id, input: request.body }),
      );
    },
  );
  app.delete('/sla-policies/:id', { schema: { tags, params: IdParams } }, async (request, reply) => {
    const actor = requireActor(request);
    await db.transaction((tx) => deletePolicy({ tx, actor, policyId: request.params.id }));
    return reply.status(204).send();
  });
  app.post(
    '/sla-policies/:id/simulate',
    { schema: { tags, params: IdParams, body: SimulateInput, response: { 200: SimulationResult } } },
    async (request) =>
      simulatePolicy({
        tx: db,
        actor: requireActor(request),
        policyId: request.params.id,
        input: request.body,
      }),
  );
  app.post(
    '/sla/recompute',
    { schema: { tags, response: { 202: z.object({ queued: z.boolean() }) } } },
    async (request, reply) => {
      assertCan(requireActor(request), 'sla.manage');
      await scheduleRecompute(db, 'requested by an administrator');
      return reply.status(202).send({ queued: true });
    },
  );

  app.get(
    '/tickets/:id/sla/explain',
    { schema: { tags, params: IdParams, response: { 200: SlaExplainDto } } },
    async (request) =>
      explainTicketSla({ tx: db, actor: requireActor(request), ticketId: request.params.id }),
  );
  app.get(
    '/sla/clocks',
    { schema: { tags, querystring: ClocksQuery, response: { 200: TicketClocksDto } } },
    async (request) =>
      listTicketClocks({ tx: db, actor: requireActor(request), ticketIds: request.query.ticketIds }),
  );
  app.get('/sla/commitments', { schema: { tags, response: { 200: list(CommitmentDto) } } }, async (request) =>
    listCommitments({ tx: db, actor: requireActor(request) }),
  );
  app.post(
    '/tickets/:id/progress-updates',
    {
      schema: { tags, params: IdParams, body: ProgressUpdateInput, response: { 201: ProgressUpdateResult } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const result = await db.transaction((tx) =>
        postProgressUpdate({ tx, actor, ticketId: request.params.id, input: request.body }),
      );
      return reply.status(201).send(result);
    },
  );

  app.get('/vendors', { schema: { tags, response: { 200: list(VendorDto) } } }, async (request) =>
    listVendors({ tx: db, actor: requireActor(request) }),
  );
  app.post(
    '/vendors',
    { schema: { tags, body: CreateVendorInput, response: { 201: VendorDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const vendor = await db.transaction((tx) => createVendor({ tx, actor, input: request.body }));
      return reply.status(201).send(vendor);
    },
  );
  app.post(
    '/tickets/:id/vendor-handoffs',
    { schema: { tags, params: IdParams, body: HandOffInput, response: { 201: VendorClockDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const clock = await db.transaction((tx) =>
        handOffToVendor({ tx, actor, ticketId: request.params.id, input: request.body }),
      );
      return reply.status(201).send(clock);
    },
  );
  app.post(
    '/tickets/:id/vendor-handoffs/:handoffId/complete',
    {
      schema: {
        tags,
        params: z.object({ id: Id, handoffId: Id }),
        body: CompleteHandoffInput.nullish(),
        response: { 200: VendorClockDto },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        completeHandoff({
          tx,
          actor,
          ticketId: request.params.id,
          handoffId: request.params.handoffId,
          input: request.body ?? {},
        }),
      );
    },
  );
}
