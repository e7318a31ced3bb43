import { z } from 'zod';
import { Locale } from './common.ts';

export const ArticleStatus = z.enum(['draft', 'review', 'published', 'archived']);
export type ArticleStatus = z.infer<typeof ArticleStatus>;
export const ArticleVisibility = z.enum(['public', 'internal']);
export type ArticleVisibility = z.infer<typeof ArticleVisibility>;

const text = (max: number) => z.string().trim().max(max);

export const CreateArticleInput = z.object({
  title: text(200).min(1),
  /** The four sections (KB-1); rich text is kept as written (Markdown or plain text with steps). */
  problem: text(20000).min(1),
  cause: text(20000).optional(),
  solution: text(50000).min(1),
  prevention: text(20000).optional(),
  language: Locale,
  category: text(300).optional(),
  tags: z.array(text(50).min(1)).max(20).optional(),
  visibility: ArticleVisibility,
  /** draft (default) or review; published needs kb.publish. */
  status: ArticleStatus.optional(),
  /** The resolved ticket this article captures (KB-2). */
  sourceTicketId: z.number().int().positive().optional(),
});
export type CreateArticleInput = z.infer<typeof CreateArticleInput>;

export const UpdateArticleInput = z
  .object({
    title: text(200).min(1),
    problem: text(20000).min(1),
    cause: text(20000).nullable(),
    solution: text(50000).min(1),
    prevention: text(20000).nullable(),
    language: Locale,
    category: text(300).nullable(),
    tags: z.array(text(50).min(1)).max(20),
    visibility: ArticleVisibility,
    status: ArticleStatus,
  })
  .partial();
export type UpdateArticleInput = z.infer<typeof UpdateArticleInput>;

export const ArticleDto = z.object({
  id: z.number(),
  title: z.string(),
  problem: z.string(),
  cause: z.string().nullable(),
  solution: z.string(),
  prevention: z.string().nullable(),
  language: Locale,
  category: z.string().nullable(),
  tags: z.array(z.string()),
  visibility: ArticleVisibility,
  status: ArticleStatus,
  version: z.number(),
  author: z.object({ id: z.number(), name: z.string() }).nullable(),
  sourceTicketId: z.number().nullable(),
  helpfulCount: z.number(),
  unhelpfulCount: z.number(),
  flaggedReason: z.enum(['poor_rating', 'stale']).nullable(),
  /** Learned wordings (staff only; empty for requesters). */
  phrasings: z.array(z.string()),
  publishedAt: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ArticleDto = z.infer<typeof ArticleDto>;

export const ArticleSummaryDto = ArticleDto.omit({
  problem: true,
  cause: true,
  solution: true,
  prevention: true,
  phrasings: true,
});
export type ArticleSummaryDto = z.infer<typeof ArticleSummaryDto>;

export const ListArticlesQuery = z.object({
  status: ArticleStatus.optional(),
  visibility: ArticleVisibility.optional(),
  flagged: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListArticlesQuery = z.infer<typeof ListArticlesQuery>;

export const ArticleVersionDto = z.object({
  version: z.number(),
  title: z.string(),
  status: ArticleStatus,
  editorId: z.number().nullable(),
  createdAt: z.string(),
});

export const DiffQuery = z.object({
  from: z.coerce.number().int().min(1),
  to: z.coerce.number().int().min(1),
});
export const DiffPart = z.object({ op: z.enum(['equal', 'insert', 'delete']), text: z.string() });
export const ArticleDiffDto = z.object({
  from: z.number(),
  to: z.number(),
  fields: z.array(z.object({ field: z.string(), parts: z.array(DiffPart) })),
});
export type ArticleDiffDto = z.infer<typeof ArticleDiffDto>;

export const FeedbackInput = z.object({
  helpful: z.boolean(),
  /** What the reader searched for: kept as an alternative wording when the article helped. */
  query: text(500).min(1).optional(),
  comment: text(2000).optional(),
  /** Where: the article page (default), the portal's new-ticket form (a deflection), the agent view. */
  context: z.enum(['article', 'portal_form', 'agent']).optional(),
});
export type FeedbackInput = z.infer<typeof FeedbackInput>;
export const FeedbackResult = z.object({
  id: z.number(),
  phrasingLearned: z.boolean(),
  flaggedReason: z.enum(['poor_rating', 'stale']).nullable(),
});

export const KnowledgeStats = z.object({
  /**
   * Requests the desk did not have to work: "this solved my problem" in the portal form (IN-3),
   * and tickets resolved by their self-help guide, as their requester confirmed (CL-4).
   */
  deflections: z.number(),
  /** Of those: tickets whose requester confirmed the self-help guide they were answered with solved it (CL-4). */
  deflectedTickets: z.number(),
  helpful: z.number(),
  unhelpful: z.number(),
  flagged: z.number(),
  capture: z.object({
    /** Resolved tickets tracked against the 4-hour article target (KB-2). */
    tracked: z.number(),
    capturedInTime: z.number(),
    capturedLate: z.number(),
    overdue: z.number(),
    pending: z.number(),
    dismissed: z.number(),
  }),
});
export type KnowledgeStats = z.infer<typeof KnowledgeStats>;
