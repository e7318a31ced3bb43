import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../../contracts/common.ts';
import {
  ReindexResult,
  SearchQuery,
  SearchResult,
  SimilarQuery,
  SimilarTicketsResult,
  SynonymGroupDto,
  SynonymGroupInput,
} from '../../../../contracts/search.ts';
import { requireActor } from '../../platform/http/context.ts';
import type { AppDeps } from '../../platform/http/deps.ts';
import { assertCan } from '../identity/index.ts';
import { reindexEverything } from './reindex.ts';
import { searchKnowledge } from './search.ts';
import { similarTickets } from './similar-tickets.ts';
import { createSynonymGroup, deleteSynonymGroup, listSynonymGroups } from './synonyms.ts';

export async function searchRoutes(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;
  const tags = ['search'];

  app.get(
    '/search',
    { schema: { tags, querystring: SearchQuery, response: { 200: SearchResult } } },
    async (request) => searchKnowledge({ tx: db, actor: requireActor(request), query: request.query }),
  );

  app.get(
    '/tickets/:id/similar',
    {
      schema: { tags, params: IdParams, querystring: SimilarQuery, response: { 200: SimilarTicketsResult } },
    },
    async (request) =>
      similarTickets({
        tx: db,
        actor: requireActor(request),
        ticketId: request.params.id,
        limit: request.query.limit,
      }),
  );

  app.get(
    '/search/synonyms',
    { schema: { tags, response: { 200: z.object({ items: z.array(SynonymGroupDto) }) } } },
    async (request) => ({ items: await listSynonymGroups({ tx: db, actor: requireActor(request) }) }),
  );

  app.post(
    '/search/synonyms',
    { schema: { tags, body: SynonymGroupInput, response: { 201: SynonymGroupDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const group = await db.transaction((tx) => createSynonymGroup({ tx, actor, input: request.body }));
      return reply.status(201).send(group);
    },
  );

  app.delete('/search/synonyms/:id', { schema: { tags, params: IdParams } }, async (request, reply) => {
    const actor = requireActor(request);
    await db.transaction((tx) => deleteSynonymGroup({ tx, actor, id: request.params.id }));
    return reply.status(204).send();
  });

  app.post('/search/reindex', { schema: { tags, response: { 200: ReindexResult } } }, async (request) => {
    const actor = requireActor(request);
    assertCan(actor, 'search.manage');
    return reindexEverything(db);
  });
}
