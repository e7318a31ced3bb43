import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { SavedViewDto } from '../../../../contracts/tickets.ts';
import { api, itemsOf } from '../../shared/api/client.ts';

export type SavedView = z.infer<typeof SavedViewDto>;
export const viewsKey = ['views'] as const;

export function useSavedViews() {
  return useQuery({
    queryKey: viewsKey,
    queryFn: ({ signal }) => api.get(itemsOf(SavedViewDto), '/views', undefined, signal),
    select: (data) => data.items,
  });
}

export function useCreateSavedView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; filters: Record<string, string> }) =>
      api.post(SavedViewDto, '/views', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: viewsKey }),
  });
}

export function useDeleteSavedView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete<unknown>(`/views/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: viewsKey }),
  });
}
