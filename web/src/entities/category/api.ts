import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { CategoryDto } from '../../../../contracts/tickets.ts';
import { api, itemsOf } from '../../shared/api/client.ts';

export type Category = z.infer<typeof CategoryDto>;
export const categoriesKey = ['categories'] as const;

export function useCategories() {
  return useQuery({
    queryKey: categoriesKey,
    queryFn: ({ signal }) => api.get(itemsOf(CategoryDto), '/categories', undefined, signal),
    select: (data) => data.items,
    staleTime: 5 * 60_000,
  });
}

export function useCreateCategory() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (path: string) => api.post(CategoryDto, '/categories', { path }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: categoriesKey }),
  });
}
