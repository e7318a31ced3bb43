import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { AssetPageDto } from '../../../../contracts/assets.ts';
import {
  type CreateProblemInput,
  KnownErrorResult,
  ProblemDetailDto,
  ProblemDto,
  ProblemFigures,
  ProblemPage,
  type ProblemStatus,
  type UpdateProblemInput,
} from '../../../../contracts/problems.ts';
import { TicketSummaryDto } from '../../../../contracts/tickets.ts';
import { api, pageOf } from '../../shared/api/client.ts';

export const problemKeys = {
  all: ['problems'] as const,
  list: (filters: { status?: ProblemStatus; q?: string }) => ['problems', 'list', filters] as const,
  detail: (id: number) => ['problems', 'detail', id] as const,
  ofTicket: (ticketId: number) => ['problems', 'ticket', ticketId] as const,
  figures: ['reports', 'problems'] as const,
};

export function useProblems(filters: { status?: ProblemStatus; q?: string }) {
  return useQuery({
    queryKey: problemKeys.list(filters),
    queryFn: ({ signal }) =>
      api.get(
        ProblemPage,
        '/problems',
        { status: filters.status, q: filters.q || undefined, limit: 100 },
        signal,
      ),
  });
}

export function useProblem(id: number) {
  return useQuery({
    queryKey: problemKeys.detail(id),
    queryFn: ({ signal }) => api.get(ProblemDetailDto, `/problems/${id}`, undefined, signal),
  });
}

/** The problem a ticket is linked to (a ticket belongs to one problem at most). */
export function useTicketProblem(ticketId: number) {
  return useQuery({
    queryKey: problemKeys.ofTicket(ticketId),
    queryFn: ({ signal }) => api.get(ProblemPage, '/problems', { ticketId, limit: 1 }, signal),
    select: (page) => page.items[0] ?? null,
  });
}

function useInvalidate() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: problemKeys.all }),
      client.invalidateQueries({ queryKey: ['tickets'] }),
      client.invalidateQueries({ queryKey: ['triage', 'problem-candidates'] }),
    ]);
}

export function useCreateProblem() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: Partial<CreateProblemInput>) => api.post(ProblemDto, '/problems', input),
    onSuccess: () => void invalidate(),
  });
}

export function useUpdateProblem(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: UpdateProblemInput) => api.patch(ProblemDto, `/problems/${id}`, input),
    onSuccess: () => void invalidate(),
  });
}

export function useLinkTickets(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (ticketIds: number[]) => api.post(ProblemDetailDto, `/problems/${id}/tickets`, { ticketIds }),
    onSuccess: () => void invalidate(),
  });
}

export function useUnlinkTicket(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (ticketId: number) => api.delete(ProblemDetailDto, `/problems/${id}/tickets/${ticketId}`),
    onSuccess: () => void invalidate(),
  });
}

export function usePublishKnownError(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: () => api.post(KnownErrorResult, `/problems/${id}/known-error`),
    onSuccess: () => void invalidate(),
  });
}

/** Incidents to link, found by number or words (the queue's search). */
export function useIncidentSearch(q: string) {
  return useQuery({
    queryKey: ['problems', 'incident-search', q],
    queryFn: ({ signal }) =>
      api.get(
        pageOf(TicketSummaryDto),
        '/tickets',
        { q: q.replace(/^#/, ''), type: 'incident', limit: 20 },
        signal,
      ),
    select: (page) => page.items,
    enabled: q.trim().length > 0,
  });
}

/** Assets to pick as affected (the assets module's list). */
export function useAssetSearch(q: string) {
  return useQuery({
    queryKey: ['problems', 'asset-search', q],
    queryFn: ({ signal }) => api.get(AssetPageDto, '/assets', { q: q || undefined, pageSize: 20 }, signal),
    select: (page) => page.items,
  });
}

export function useProblemFigures(enabled = true) {
  return useQuery({
    queryKey: problemKeys.figures,
    queryFn: ({ signal }) => api.get(ProblemFigures, '/reports/problems', undefined, signal),
    enabled,
  });
}
