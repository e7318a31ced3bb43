import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../../contracts/common.ts';
import { TicketDto } from '../../../../contracts/tickets.ts';
import {
  MergeTicketInput,
  PossibleDuplicates,
  ProblemCandidateDto,
  TrainResult,
  TriageQualityDto,
  TriageSettingsDto,
  TriageSuggestInput,
  TriageSuggestion,
  UpdateProblemCandidateInput,
  UpdateTriageSettingsInput,
} from '../../../../contracts/triage.ts';
import { requireActor } from '../../platform/http/context.ts';
import type { AppDeps } from '../../platform/http/deps.ts';
import { recordEvent } from '../audit/index.ts';
import { assertCan } from '../identity/index.ts';
import { mergeTicket } from './merge-ticket.ts';
import { loadSettings, saveSettings } from './model-store.ts';
import { listPossibleDuplicates } from './possible-duplicates.ts';
import { decideProblemCandidate, listProblemCandidates } from './problem-candidates.ts';
import { suggestTriage } from './suggest-triage.ts';
import { trainTriage, triageQuality } from './train-triage.ts';

export async function triageRoutes(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;
  const tags = ['triage'];

  app.post(
    '/triage/suggest',
    { schema: { tags, body: TriageSuggestInput, response: { 200: TriageSuggestion } } },
    async (request) => suggestTriage({ tx: db, actor: requireActor(request), input: request.body }),
  );

  app.post('/triage/train', { schema: { tags, response: { 200: TrainResult } } }, async (request) =>
    trainTriage({ db, actor: requireActor(request) }),
  );

  app.get('/triage/quality', { schema: { tags, response: { 200: TriageQualityDto } } }, async (request) => {
    assertCan(requireActor(request), 'triage.manage');
    return triageQuality(db);
  });

  app.get('/triage/settings', { schema: { tags, response: { 200: TriageSettingsDto } } }, async (request) => {
    assertCan(requireActor(request), 'triage.manage');
    return loadSettings(db);
  });

  app.patch(
    '/triage/settings',
    { schema: { tags, body: UpdateTriageSettingsInput, response: { 200: TriageSettingsDto } } },
    async (request) => {
      const actor = requireActor(request);
      assertCan(actor, 'triage.manage');
      return db.transaction(async (tx) => {
        const settings = { ...(await loadSettings(tx)), ...request.body };
        await saveSettings(tx, settings);
        await recordEvent(tx, {
          kind: 'triage.settings_changed',
          entityType: 'triage_settings',
          entityId: 1,
          actorId: actor.id,
          data: { ...request.body },
        });
        return settings;
      });
    },
  );

  app.get(
    '/tickets/:id/possible-duplicates',
    {
      schema: {
        tags,
        params: IdParams,
        response: {
          200: PossibleDuplicates,
        },
      },
    },
    async (request) =>
      listPossibleDuplicates({ tx: db, actor: requireActor(request), ticketId: request.params.id }),
  );

  app.post(
    '/tickets/:id/merge',
    { schema: { tags, params: IdParams, body: MergeTicketInput, response: { 200: TicketDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        mergeTicket({ tx, actor, ticketId: request.params.id, input: request.body }),
      );
    },
  );

  app.get(
    '/triage/problem-candidates',
    { schema: { tags, response: { 200: z.object({ items: z.array(ProblemCandidateDto) }) } } },
    async (request) => listProblemCandidates({ tx: db, actor: requireActor(request) }),
  );

  app.patch(
    '/triage/problem-candidates/:id',
    { schema: { tags, params: IdParams, body: UpdateProblemCandidateInput } },
    async (request, reply) => {
      const actor = requireActor(request);
      await db.transaction((tx) =>
        decideProblemCandidate({ tx, actor, id: request.params.id, status: request.body.status }),
      );
      return reply.status(204).send();
    },
  );
}
