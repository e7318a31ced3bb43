import { z } from 'zod';
import { TicketStatus } from './tickets.ts';

export const SearchScope = z.enum(['articles', 'tickets']);
export type SearchScope = z.infer<typeof SearchScope>;

export const SearchQuery = z.object({
  q: z.string().trim().min(1).max(500),
  /** Without a scope, articles and tickets are searched together. */
  scope: SearchScope.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});
export type SearchQuery = z.infer<typeof SearchQuery>;

export const SearchHit = z.object({
  id: z.number(),
  type: z.enum(['article', 'ticket']),
  title: z.string(),
  /** HTML-escaped excerpt; matching words are wrapped in <mark>, nothing else is markup. */
  snippet: z.string(),
  score: z.number(),
  /** Tickets: their number and status; articles: their status. */
  number: z.number().nullable().optional(),
  status: z.string().optional(),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const SearchResult = z.object({ items: z.array(SearchHit) });
export type SearchResult = z.infer<typeof SearchResult>;

export const SimilarQuery = z.object({ limit: z.coerce.number().int().min(1).max(50).default(5) });

export const SimilarTicket = z.object({
  id: z.number(),
  number: z.number(),
  subject: z.string(),
  score: z.number(),
  status: TicketStatus,
  snippet: z.string().optional(),
  createdAt: z.string().optional(),
});
export type SimilarTicket = z.infer<typeof SimilarTicket>;
export const SimilarTicketsResult = z.object({ items: z.array(SimilarTicket) });

const Alternative = z.string().trim().min(1).max(100);
export const SynonymGroupInput = z.object({
  terms: z.array(Alternative).min(2).max(20),
});
export type SynonymGroupInput = z.infer<typeof SynonymGroupInput>;
export const SynonymGroupDto = z.object({
  id: z.number(),
  terms: z.array(z.string()),
  createdAt: z.string(),
});
export type SynonymGroupDto = z.infer<typeof SynonymGroupDto>;

export const ReindexResult = z.object({ articles: z.number(), tickets: z.number() });
