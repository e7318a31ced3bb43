import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../../contracts/common.ts';
import {
  ArticleDiffDto,
  ArticleDto,
  ArticleSummaryDto,
  ArticleVersionDto,
  CreateArticleInput,
  DiffQuery,
  FeedbackInput,
  FeedbackResult,
  KnowledgeStats,
  ListArticlesQuery,
  UpdateArticleInput,
} from '../../../../contracts/knowledge.ts';
import { requireActor } from '../../platform/http/context.ts';
import type { AppDeps } from '../../platform/http/deps.ts';
import { diffVersions, listVersions } from './article-history.ts';
import { dismissCapture, draftFromTicket, knowledgeStats } from './capture.ts';
import { createArticle } from './create-article.ts';
import { getArticle } from './get-article.ts';
import { giveFeedback } from './give-feedback.ts';
import { linkArticleToTicket } from './link-article.ts';
import { listArticles } from './list-articles.ts';
import { updateArticle } from './update-article.ts';

export async function knowledgeRoutes(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;
  const tags = ['knowledge'];

  app.post(
    '/kb/articles',
    { schema: { tags, body: CreateArticleInput, response: { 201: ArticleDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const article = await db.transaction((tx) => createArticle({ tx, actor, input: request.body }));
      return reply.status(201).send(article);
    },
  );

  app.get(
    '/kb/articles',
    {
      schema: {
        tags,
        querystring: ListArticlesQuery,
        response: { 200: z.object({ items: z.array(ArticleSummaryDto) }) },
      },
    },
    async (request) => listArticles({ tx: db, actor: requireActor(request), query: request.query }),
  );

  app.get(
    '/kb/articles/:id',
    { schema: { tags, params: IdParams, response: { 200: ArticleDto } } },
    async (request) => getArticle({ tx: db, actor: requireActor(request), articleId: request.params.id }),
  );

  app.patch(
    '/kb/articles/:id',
    { schema: { tags, params: IdParams, body: UpdateArticleInput, response: { 200: ArticleDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        updateArticle({ tx, actor, articleId: request.params.id, input: request.body }),
      );
    },
  );

  app.get(
    '/kb/articles/:id/versions',
    {
      schema: { tags, params: IdParams, response: { 200: z.object({ items: z.array(ArticleVersionDto) }) } },
    },
    async (request) => listVersions({ tx: db, actor: requireActor(request), articleId: request.params.id }),
  );

  app.get(
    '/kb/articles/:id/diff',
    { schema: { tags, params: IdParams, querystring: DiffQuery, response: { 200: ArticleDiffDto } } },
    async (request) =>
      diffVersions({
        tx: db,
        actor: requireActor(request),
        articleId: request.params.id,
        from: request.query.from,
        to: request.query.to,
      }),
  );

  app.post(
    '/kb/articles/:id/feedback',
    { schema: { tags, params: IdParams, body: FeedbackInput, response: { 201: FeedbackResult } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const result = await db.transaction((tx) =>
        giveFeedback({ tx, actor, articleId: request.params.id, input: request.body }),
      );
      return reply.status(201).send(result);
    },
  );

  app.post(
    '/kb/articles/:id/links',
    { schema: { tags, params: IdParams, body: z.object({ ticketId: z.number().int().positive() }) } },
    async (request, reply) => {
      const actor = requireActor(request);
      await db.transaction((tx) =>
        linkArticleToTicket({ tx, actor, articleId: request.params.id, ticketId: request.body.ticketId }),
      );
      return reply.status(204).send();
    },
  );

  app.get(
    '/kb/drafts/from-ticket/:id',
    { schema: { tags, params: IdParams, response: { 200: CreateArticleInput } } },
    async (request) => draftFromTicket({ tx: db, actor: requireActor(request), ticketId: request.params.id }),
  );

  app.post('/kb/capture/:id/dismiss', { schema: { tags, params: IdParams } }, async (request, reply) => {
    const actor = requireActor(request);
    await db.transaction((tx) => dismissCapture({ tx, actor, ticketId: request.params.id }));
    return reply.status(204).send();
  });

  app.get('/kb/stats', { schema: { tags, response: { 200: KnowledgeStats } } }, async (request) =>
    knowledgeStats({ tx: db, actor: requireActor(request) }),
  );
}
