import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id, IdParams } from '../../../../contracts/common.ts';
import {
  CloseFollowupInput,
  CreateNpsCampaignInput,
  CreateSatisfactionCallbackInput,
  CsatAnswerInput,
  CsatResultDto,
  CsatSurveyView,
  FollowupDto,
  ListFollowupsQuery,
  NpsAnswerInput,
  NpsCampaignDetailDto,
  NpsCampaignDto,
  NpsSurveyView,
  SatisfactionCallbackDto,
  SurveyTokenParams,
} from '../../../../contracts/surveys.ts';
import { requireActor } from '../../platform/http/context.ts';
import type { AppDeps } from '../../platform/http/deps.ts';
import { answerCsatByToken, answerCsatInPortal, getTicketCsat, viewCsatSurvey } from './answer-csat.ts';
import { answerNpsByToken, answerNpsInPortal, myNpsInvitations, viewNpsSurvey } from './answer-nps.ts';
import { listCallbacks, recordCallback } from './callbacks.ts';
import { closeFollowup, listFollowups } from './followups.ts';
import { closeNpsCampaign, createNpsCampaign, getNpsCampaign, listNpsCampaigns } from './nps-campaigns.ts';

const list = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
const Answered = z.object({ answered: z.literal(true) });

export async function surveyRoutes(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;
  const tags = ['surveys'];

  // --- CSAT by emailed link (no login) ---
  app.get(
    '/surveys/csat/:token',
    { schema: { tags, security: [], params: SurveyTokenParams, response: { 200: CsatSurveyView } } },
    async (request) => db.transaction((tx) => viewCsatSurvey({ tx, token: request.params.token })),
  );
  app.post(
    '/surveys/csat/:token',
    {
      schema: {
        tags,
        security: [],
        params: SurveyTokenParams,
        body: CsatAnswerInput,
        response: { 200: CsatResultDto },
      },
    },
    async (request) =>
      db.transaction((tx) => answerCsatByToken({ tx, token: request.params.token, input: request.body })),
  );

  // --- CSAT in the portal and on the ticket ---
  app.get(
    '/tickets/:id/csat',
    { schema: { tags, params: IdParams, response: { 200: CsatResultDto } } },
    async (request) => getTicketCsat({ tx: db, actor: requireActor(request), ticketId: request.params.id }),
  );
  app.post(
    '/tickets/:id/csat',
    { schema: { tags, params: IdParams, body: CsatAnswerInput, response: { 200: CsatResultDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        answerCsatInPortal({ tx, actor, ticketId: request.params.id, input: request.body }),
      );
    },
  );

  // --- call-backs (FB-3) ---
  app.get(
    '/tickets/:id/satisfaction-callbacks',
    { schema: { tags, params: IdParams, response: { 200: list(SatisfactionCallbackDto) } } },
    async (request) => ({
      items: await listCallbacks({ tx: db, actor: requireActor(request), ticketId: request.params.id }),
    }),
  );
  app.post(
    '/tickets/:id/satisfaction-callbacks',
    {
      schema: {
        tags,
        params: IdParams,
        body: CreateSatisfactionCallbackInput,
        response: { 201: SatisfactionCallbackDto },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const callback = await db.transaction((tx) =>
        recordCallback({ tx, actor, ticketId: request.params.id, input: request.body }),
      );
      return reply.status(201).send(callback);
    },
  );

  // --- quality follow-ups (FB-4) ---
  app.get(
    '/quality/followups',
    { schema: { tags, querystring: ListFollowupsQuery, response: { 200: list(FollowupDto) } } },
    async (request) => ({
      items: await listFollowups({ tx: db, actor: requireActor(request), status: request.query.status }),
    }),
  );
  app.post(
    '/quality/followups/:id/close',
    { schema: { tags, params: IdParams, body: CloseFollowupInput, response: { 200: FollowupDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        closeFollowup({ tx, actor, followupId: request.params.id, note: request.body.note }),
      );
    },
  );

  // --- NPS (FB-2) ---
  app.get(
    '/surveys/nps/campaigns',
    { schema: { tags, response: { 200: list(NpsCampaignDto) } } },
    async (request) => ({ items: await listNpsCampaigns({ tx: db, actor: requireActor(request) }) }),
  );
  app.post(
    '/surveys/nps/campaigns',
    { schema: { tags, body: CreateNpsCampaignInput, response: { 201: NpsCampaignDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const campaign = await db.transaction((tx) => createNpsCampaign({ tx, actor, input: request.body }));
      return reply.status(201).send(campaign);
    },
  );
  app.get(
    '/surveys/nps/campaigns/:id',
    { schema: { tags, params: IdParams, response: { 200: NpsCampaignDetailDto } } },
    async (request) =>
      getNpsCampaign({ tx: db, actor: requireActor(request), campaignId: request.params.id }),
  );
  app.post(
    '/surveys/nps/campaigns/:id/close',
    { schema: { tags, params: IdParams, response: { 200: NpsCampaignDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) => closeNpsCampaign({ tx, actor, campaignId: request.params.id }));
    },
  );
  app.get(
    '/surveys/nps/mine',
    { schema: { tags, response: { 200: list(NpsSurveyView) } } },
    async (request) => ({ items: await myNpsInvitations({ tx: db, actor: requireActor(request) }) }),
  );
  app.post(
    '/surveys/nps/invitations/:id',
    { schema: { tags, params: z.object({ id: Id }), body: NpsAnswerInput, response: { 200: Answered } } },
    async (request) => {
      const actor = requireActor(request);
      await db.transaction((tx) =>
        answerNpsInPortal({ tx, actor, invitationId: request.params.id, input: request.body }),
      );
      return { answered: true as const };
    },
  );
  app.get(
    '/surveys/nps/:token',
    { schema: { tags, security: [], params: SurveyTokenParams, response: { 200: NpsSurveyView } } },
    async (request) => viewNpsSurvey({ tx: db, token: request.params.token }),
  );
  app.post(
    '/surveys/nps/:token',
    {
      schema: {
        tags,
        security: [],
        params: SurveyTokenParams,
        body: NpsAnswerInput,
        response: { 200: Answered },
      },
    },
    async (request) => {
      await db.transaction((tx) =>
        answerNpsByToken({ tx, token: request.params.token, input: request.body }),
      );
      return { answered: true as const };
    },
  );
}
