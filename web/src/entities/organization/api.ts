import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  type CreateOrganizationInput,
  OrganizationDto,
  type UpdateOrganizationInput,
} from '../../../../contracts/identity.ts';
import { api, itemsOf } from '../../shared/api/client.ts';

export const organizationsKey = ['organizations'] as const;

export function useOrganizations(enabled = true) {
  return useQuery({
    queryKey: organizationsKey,
    queryFn: ({ signal }) => api.get(itemsOf(OrganizationDto), '/organizations', undefined, signal),
    select: (data) => data.items,
    staleTime: 60_000,
    enabled,
  });
}

export function useCreateOrganization() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: z.input<typeof CreateOrganizationInput>) =>
      api.post(OrganizationDto, '/organizations', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: organizationsKey }),
  });
}

export function useUpdateOrganization() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: number; input: z.input<typeof UpdateOrganizationInput> }) =>
      api.patch(OrganizationDto, `/organizations/${id}`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: organizationsKey }),
  });
}
