import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { type CreateRoutingRuleInput, RoutingRuleDto, TierDto } from '../../../../contracts/routing.ts';
import { api, itemsOf } from '../../shared/api/client.ts';

const rulesKey = ['routing', 'rules'] as const;
const tiersKey = ['routing', 'tiers'] as const;

export function useRules() {
  return useQuery({
    queryKey: rulesKey,
    queryFn: ({ signal }) => api.get(itemsOf(RoutingRuleDto), '/routing-rules', undefined, signal),
    select: (data) => data.items,
  });
}

export function useCreateRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: z.input<typeof CreateRoutingRuleInput>) =>
      api.post(RoutingRuleDto, '/routing-rules', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: rulesKey }),
  });
}

export function useDeleteRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete<void>(`/routing-rules/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: rulesKey }),
  });
}

export function useTiers() {
  return useQuery({
    queryKey: tiersKey,
    queryFn: ({ signal }) => api.get(itemsOf(TierDto), '/routing/tiers', undefined, signal),
    select: (data) => data.items,
  });
}

export function useSetTier() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ teamId, nextTeamId }: { teamId: number; nextTeamId: number | null }) =>
      api.put(`/routing/tiers/${teamId}`, { nextTeamId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tiersKey }),
  });
}
