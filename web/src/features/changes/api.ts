import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { AssetPageDto } from '../../../../contracts/assets.ts';
import {
  ChangeCalendar,
  ChangeDto,
  ChangeFigures,
  ChangeList,
  ChangeTemplateDto,
  type CreateChangeInput,
  FreezeDto,
  type FreezeInput,
  FreezeList,
  type ImplementChangeInput,
  type SubmitChangeInput,
  type UpdateChangeInput,
} from '../../../../contracts/changes.ts';
import { ProblemPage } from '../../../../contracts/problems.ts';
import { api, itemsOf } from '../../shared/api/client.ts';

export const changeKeys = {
  all: ['changes'] as const,
  list: (filters: Record<string, string | undefined>) => ['changes', 'list', filters] as const,
  one: (id: number) => ['changes', 'one', id] as const,
  calendar: (from: string, to: string) => ['changes', 'calendar', from, to] as const,
  freezes: ['changes', 'freezes'] as const,
  templates: ['changes', 'templates'] as const,
  figures: ['changes', 'figures'] as const,
};

export function useChanges(filters: { status?: string; type?: string; reviewRequired?: string }) {
  return useQuery({
    queryKey: changeKeys.list(filters),
    queryFn: ({ signal }) => api.get(ChangeList, '/changes', { ...filters, limit: 200 }, signal),
  });
}

export function useChange(id: number | null) {
  return useQuery({
    queryKey: changeKeys.one(id ?? 0),
    queryFn: ({ signal }) => api.get(ChangeDto, `/changes/${id}`, undefined, signal),
    enabled: id !== null,
  });
}

export function useChangeCalendar(from: string, to: string) {
  return useQuery({
    queryKey: changeKeys.calendar(from, to),
    queryFn: ({ signal }) => api.get(ChangeCalendar, '/changes/calendar', { from, to }, signal),
  });
}

export function useFreezes() {
  return useQuery({
    queryKey: changeKeys.freezes,
    queryFn: ({ signal }) => api.get(FreezeList, '/change-freezes', undefined, signal),
  });
}

export function useTemplates() {
  return useQuery({
    queryKey: changeKeys.templates,
    queryFn: ({ signal }) => api.get(itemsOf(ChangeTemplateDto), '/change-templates', undefined, signal),
  });
}

/** Assets found by name (the change's affected assets). */
export function useAssetSearch(q: string) {
  return useQuery({
    queryKey: ['changes', 'asset-search', q],
    queryFn: ({ signal }) => api.get(AssetPageDto, '/assets', { q: q || undefined, pageSize: 20 }, signal),
  });
}

/** Problems to link (newest first). */
export function useProblemChoices() {
  return useQuery({
    queryKey: ['changes', 'problem-choices'],
    queryFn: ({ signal }) => api.get(ProblemPage, '/problems', { limit: 100 }, signal),
  });
}

function useChangeMutation<I>(send: (input: I) => Promise<z.infer<typeof ChangeDto>>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (change) => {
      client.setQueryData(changeKeys.one(change.id), change);
      void client.invalidateQueries({ queryKey: changeKeys.all });
    },
  });
}

export const useCreateChange = () =>
  useChangeMutation((input: CreateChangeInput) => api.post(ChangeDto, '/changes', input));
export const useUpdateChange = (id: number) =>
  useChangeMutation((input: UpdateChangeInput) => api.patch(ChangeDto, `/changes/${id}`, input));
export const useSubmitChange = (id: number) =>
  useChangeMutation((input: SubmitChangeInput) => api.post(ChangeDto, `/changes/${id}/submit`, input));
export const useMoveChange = (id: number) =>
  useChangeMutation((to: 'schedule' | 'start') => api.post(ChangeDto, `/changes/${id}/${to}`, {}));
export const useImplementChange = (id: number) =>
  useChangeMutation((input: ImplementChangeInput) => api.post(ChangeDto, `/changes/${id}/implement`, input));
export const useReviewChange = (id: number) =>
  useChangeMutation((input: { notes: string }) => api.post(ChangeDto, `/changes/${id}/review`, input));

export function useSaveFreeze() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: FreezeInput) => api.post(FreezeDto, '/change-freezes', input),
    onSuccess: () => void client.invalidateQueries({ queryKey: changeKeys.all }),
  });
}

export function useDeleteFreeze() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete(z.unknown(), `/change-freezes/${id}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: changeKeys.all }),
  });
}

/** The change figures of the last 30 days (dashboard). */
export function useChangeFigures() {
  return useQuery({
    queryKey: changeKeys.figures,
    queryFn: ({ signal }) => api.get(ChangeFigures, '/reports/changes', undefined, signal),
  });
}
