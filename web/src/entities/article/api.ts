import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  ArticleDiffDto,
  ArticleDto,
  ArticleSummaryDto,
  type CreateArticleInput,
  type FeedbackInput,
  KnowledgeStats,
  type UpdateArticleInput,
} from '../../../../contracts/knowledge.ts';
import { SearchHit, SimilarTicket, SynonymGroupDto } from '../../../../contracts/search.ts';
import { api, type ItemsResponse, itemsOf } from '../../shared/api/client.ts';

export const articleKeys = {
  all: ['kb'] as const,
  list: (filters: Record<string, string>) => [...articleKeys.all, 'list', filters] as const,
  detail: (id: number) => [...articleKeys.all, 'detail', id] as const,
  versions: (id: number) => [...articleKeys.all, 'versions', id] as const,
  diff: (id: number, from: number, to: number) => [...articleKeys.all, 'diff', id, from, to] as const,
  search: (q: string, scope: string) => [...articleKeys.all, 'search', scope, q] as const,
  similar: (ticketId: number) => ['tickets', 'detail', ticketId, 'similar'] as const,
  synonyms: ['kb', 'synonyms'] as const,
  stats: ['kb', 'stats'] as const,
};

/** Ranked articles or tickets for a query; nothing is asked for an empty query. */
export function useSearch(q: string, scope: 'articles' | 'tickets', limit = 5) {
  const text = q.trim();
  return useQuery({
    enabled: text.length >= 2,
    queryKey: articleKeys.search(text, scope),
    queryFn: ({ signal }) =>
      api.get(itemsOf(SearchHit), '/search', { q: text.slice(0, 500), scope, limit }, signal),
    staleTime: 30_000,
  });
}

export function useSimilarTickets(ticketId: number, limit = 5) {
  return useQuery({
    queryKey: articleKeys.similar(ticketId),
    queryFn: ({ signal }) =>
      api.get(itemsOf(SimilarTicket), `/tickets/${ticketId}/similar`, { limit }, signal),
  });
}

export function useArticles(filters: Record<string, string>) {
  return useQuery({
    queryKey: articleKeys.list(filters),
    queryFn: ({ signal }) => api.get(itemsOf(ArticleSummaryDto), '/kb/articles', filters, signal),
  });
}

export function useArticle(id: number, enabled = true) {
  return useQuery({
    enabled,
    queryKey: articleKeys.detail(id),
    queryFn: ({ signal }) => api.get(ArticleDto, `/kb/articles/${id}`, undefined, signal),
  });
}

export function useArticleVersions(id: number) {
  return useQuery({
    queryKey: articleKeys.versions(id),
    queryFn: ({ signal }) =>
      api.get<ItemsResponse<{ version: number; title: string; status: string; createdAt: string }>>(
        `/kb/articles/${id}/versions`,
        undefined,
        signal,
      ),
  });
}

export function useArticleDiff(id: number, from: number, to: number, enabled: boolean) {
  return useQuery({
    enabled,
    queryKey: articleKeys.diff(id, from, to),
    queryFn: ({ signal }) => api.get(ArticleDiffDto, `/kb/articles/${id}/diff`, { from, to }, signal),
  });
}

export function useSaveArticle(id?: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateArticleInput | UpdateArticleInput) =>
      id ? api.patch(ArticleDto, `/kb/articles/${id}`, input) : api.post(ArticleDto, '/kb/articles', input),
    onSuccess: (article) => {
      client.setQueryData(articleKeys.detail(article.id), article);
      void client.invalidateQueries({ queryKey: articleKeys.all });
    },
  });
}

export function useArticleFeedback(id: number) {
  return useMutation({
    mutationFn: (input: FeedbackInput) =>
      api.post<{ id: number; phrasingLearned: boolean }>(`/kb/articles/${id}/feedback`, input),
  });
}

/** "This solved my problem" for any article of a list. */
export function useSolvedBy() {
  return useMutation({
    mutationFn: ({ articleId, ...input }: FeedbackInput & { articleId: number }) =>
      api.post<{ id: number; phrasingLearned: boolean }>(`/kb/articles/${articleId}/feedback`, input),
  });
}

export function useLinkArticle(ticketId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (articleId: number) => api.post<void>(`/kb/articles/${articleId}/links`, { ticketId }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['tickets', 'detail', ticketId] }),
  });
}

export function useKnowledgeStats() {
  return useQuery({
    queryKey: articleKeys.stats,
    queryFn: ({ signal }) => api.get(KnowledgeStats, '/kb/stats', undefined, signal),
  });
}

export function useSynonyms() {
  return useQuery({
    queryKey: articleKeys.synonyms,
    queryFn: ({ signal }) => api.get(itemsOf(SynonymGroupDto), '/search/synonyms', undefined, signal),
  });
}

export function useSynonymMutations() {
  const client = useQueryClient();
  const refresh = () => void client.invalidateQueries({ queryKey: articleKeys.synonyms });
  return {
    create: useMutation({
      mutationFn: (terms: string[]) => api.post(SynonymGroupDto, '/search/synonyms', { terms }),
      onSuccess: refresh,
    }),
    remove: useMutation({
      mutationFn: (id: number) => api.delete<void>(`/search/synonyms/${id}`),
      onSuccess: refresh,
    }),
  };
}
