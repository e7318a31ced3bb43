import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { type CreateDutyShiftInput, DutyShiftDto } from '../../../../contracts/routing.ts';
import { api, itemsOf } from '../../shared/api/client.ts';

export type DutyShift = DutyShiftDto;
const shiftKeys = {
  all: ['duty-shifts'] as const,
  list: (query: Record<string, string>) => ['duty-shifts', query] as const,
};

/** The duty roster (GV-3): shifts overlapping the period, optionally of one team. */
export function useDutyShifts(query: Record<string, string>) {
  return useQuery({
    queryKey: shiftKeys.list(query),
    queryFn: ({ signal }) => api.get(itemsOf(DutyShiftDto), '/duty-shifts', query, signal),
    select: (data) => data.items,
  });
}

export function useCreateDutyShift() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: z.input<typeof CreateDutyShiftInput>) =>
      api.post(DutyShiftDto, '/duty-shifts', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: shiftKeys.all }),
  });
}

export function useDeleteDutyShift() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete<undefined>(`/duty-shifts/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: shiftKeys.all }),
  });
}
