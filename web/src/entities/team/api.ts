import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { type CreateTeamInput, TeamDto, type UpdateTeamInput } from '../../../../contracts/identity.ts';
import { api, itemsOf } from '../../shared/api/client.ts';

export const teamsKey = ['teams'] as const;

export function useTeams(enabled = true) {
  return useQuery({
    queryKey: teamsKey,
    queryFn: ({ signal }) => api.get(itemsOf(TeamDto), '/teams', undefined, signal),
    select: (data) => data.items,
    staleTime: 60_000,
    enabled,
  });
}

export function useCreateTeam() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: z.input<typeof CreateTeamInput>) => api.post(TeamDto, '/teams', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: teamsKey }),
  });
}

export function useUpdateTeam() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: number; input: z.input<typeof UpdateTeamInput> }) =>
      api.patch(TeamDto, `/teams/${id}`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: teamsKey }),
  });
}
