import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, pgView, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { at, id, ref } from './columns.ts';
import { users } from './identity.ts';
import { tickets } from './tickets.ts';

/** Knowledge articles (KB-1): problem, cause, solution, prevention; draft -> review -> published -> archived. */
export const kbArticles = pgTable(
  'kb_articles',
  {
    id: id(),
    title: text('title').notNull(),
    problem: text('problem').notNull(),
    cause: text('cause'),
    solution: text('solution').notNull(),
    prevention: text('prevention'),
    language: text('language', { enum: ['zh-CN', 'en'] }).notNull(),
    category: text('category'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    visibility: text('visibility', { enum: ['public', 'internal'] }).notNull(),
    status: text('status', { enum: ['draft', 'review', 'published', 'archived'] }).notNull(),
    version: integer('version').notNull().default(1),
    authorId: ref('author_id').references(() => users.id),
    sourceTicketId: ref('source_ticket_id').references(() => tickets.id),
    helpfulCount: integer('helpful_count').notNull().default(0),
    unhelpfulCount: integer('unhelpful_count').notNull().default(0),
    /** Why the article needs a review (poor ratings, stale); null when it does not. */
    flaggedReason: text('flagged_reason', { enum: ['poor_rating', 'stale'] }),
    flaggedAt: at('flagged_at'),
    publishedAt: at('published_at'),
    reviewedAt: at('reviewed_at'),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('kb_articles_status_idx').on(t.status, t.updatedAt.desc()),
    index('kb_articles_source_ticket_idx').on(t.sourceTicketId),
  ],
);

/** Every saved state of an article, for history and diffs. */
export const kbArticleVersions = pgTable(
  'kb_article_versions',
  {
    id: id(),
    articleId: ref('article_id')
      .notNull()
      .references(() => kbArticles.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    problem: text('problem').notNull(),
    cause: text('cause'),
    solution: text('solution').notNull(),
    prevention: text('prevention'),
    category: text('category'),
    tags: text('tags').array().notNull(),
    visibility: text('visibility').notNull(),
    status: text('status').notNull(),
    editorId: ref('editor_id'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('kb_article_versions_key').on(t.articleId, t.version)],
);

/** Ratings and "this solved it" (KB-4, IN-3 deflection). */
export const kbFeedback = pgTable(
  'kb_feedback',
  {
    id: id(),
    articleId: ref('article_id')
      .notNull()
      .references(() => kbArticles.id, { onDelete: 'cascade' }),
    userId: ref('user_id').references(() => users.id),
    helpful: boolean('helpful').notNull(),
    query: text('query'),
    comment: text('comment'),
    /** Where it was given: the article page, the portal's new-ticket form (a deflection), the agent view. */
    context: text('context', { enum: ['article', 'portal_form', 'agent'] })
      .notNull()
      .default('article'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [index('kb_feedback_article_idx').on(t.articleId, t.createdAt)],
);

/** Wordings that readers searched with before an article solved their problem: searched too. */
export const kbPhrasings = pgTable(
  'kb_phrasings',
  {
    id: id(),
    articleId: ref('article_id')
      .notNull()
      .references(() => kbArticles.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('kb_phrasings_key').on(t.articleId, sql`lower(${t.text})`)],
);

/** KB-2: a resolved ticket should become an article within 4 hours; tracked per ticket. */
export const kbCaptureTargets = pgTable(
  'kb_capture_targets',
  {
    ticketId: ref('ticket_id')
      .primaryKey()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    resolvedAt: at('resolved_at').notNull(),
    dueAt: at('due_at').notNull(),
    articleId: ref('article_id').references(() => kbArticles.id),
    capturedAt: at('captured_at'),
    /** An agent decided no article is needed. */
    dismissedAt: at('dismissed_at'),
    remindedAt: at('reminded_at'),
  },
  (t) => [index('kb_capture_targets_due_idx').on(t.dueAt)],
);

// Read models: views other modules may read (created in migration read_models; see docs/read-models.md).
/** Articles: the answer's text, language, tags and who may read them (no workflow internals). */
export const kbArticlesView = pgView('kb_articles_v', {
  id: ref('id').notNull(),
  title: text('title').notNull(),
  problem: text('problem').notNull(),
  solution: text('solution').notNull(),
  language: text('language', { enum: ['zh-CN', 'en'] }).notNull(),
  category: text('category'),
  tags: text('tags').array().notNull(),
  visibility: text('visibility', { enum: ['public', 'internal'] }).notNull(),
  status: text('status', { enum: ['draft', 'review', 'published', 'archived'] }).notNull(),
}).existing();
