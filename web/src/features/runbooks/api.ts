import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  type CreateRunbookInput,
  RunbookChoiceDto,
  RunbookDto,
  RunbookRunDto,
  type UpdateRunbookInput,
} from '../../../../contracts/runbooks.ts';
import { api, itemsOf } from '../../shared/api/client.ts';

export const runbookKeys = {
  all: ['runbooks'] as const,
  choices: ['runbooks', 'choices'] as const,
  runs: (ticketId: number) => ['tickets', 'detail', ticketId, 'runbook-runs'] as const,
};

export function useRunbooks() {
  return useQuery({
    queryKey: runbookKeys.all,
    queryFn: ({ signal }) => api.get(itemsOf(RunbookDto), '/runbooks', undefined, signal),
    select: (data) => data.items,
  });
}

export function useRunbookChoices(enabled = true) {
  return useQuery({
    queryKey: runbookKeys.choices,
    queryFn: ({ signal }) => api.get(itemsOf(RunbookChoiceDto), '/runbooks/choices', undefined, signal),
    select: (data) => data.items,
    enabled,
  });
}

/** A ticket's runs; polled while one is still on its way. */
export function useTicketRunbookRuns(ticketId: number) {
  return useQuery({
    queryKey: runbookKeys.runs(ticketId),
    queryFn: ({ signal }) =>
      api.get(itemsOf(RunbookRunDto), `/tickets/${ticketId}/runbooks`, undefined, signal),
    select: (data) => data.items,
    refetchInterval: (query) =>
      (query.state.data?.items ?? []).some((run) =>
        ['queued', 'sending', 'awaiting_approval'].includes(run.status),
      )
        ? 3000
        : false,
  });
}

export function useSaveRunbook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      input,
    }: {
      id: number | null;
      input: z.input<typeof CreateRunbookInput> | z.input<typeof UpdateRunbookInput>;
    }) =>
      id === null ? api.post(RunbookDto, '/runbooks', input) : api.put(RunbookDto, `/runbooks/${id}`, input),
    onSuccess: () => client.invalidateQueries({ queryKey: runbookKeys.all }),
  });
}

export function useDeleteRunbook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete<void>(`/runbooks/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: runbookKeys.all }),
  });
}

export function useStartRunbook(ticketId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (runbookId: number) =>
      api.post(RunbookRunDto, `/tickets/${ticketId}/runbooks`, { runbookId }),
    onSuccess: () => {
      client.invalidateQueries({ queryKey: runbookKeys.runs(ticketId) });
      client.invalidateQueries({ queryKey: ['tickets', 'detail', ticketId] });
    },
  });
}
