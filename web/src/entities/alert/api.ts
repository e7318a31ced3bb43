import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  AlertSourceDto,
  AlertSourceWithToken,
  type CreateAlertSourceInput,
  TicketAlertDto,
  type UpdateAlertSourceInput,
} from '../../../../contracts/alerts.ts';
import { api, itemsOf } from '../../shared/api/client.ts';

export const alertKeys = {
  sources: ['alert-sources'] as const,
  ticket: (ticketId: number) => ['tickets', 'detail', ticketId, 'alerts'] as const,
};

/** The monitoring alerts behind an incident (staff only). */
export function useTicketAlerts(ticketId: number, enabled = true) {
  return useQuery({
    queryKey: alertKeys.ticket(ticketId),
    queryFn: ({ signal }) =>
      api.get(itemsOf(TicketAlertDto), `/tickets/${ticketId}/alerts`, undefined, signal),
    select: (data) => data.items,
    enabled,
  });
}

export function useAlertSources() {
  return useQuery({
    queryKey: alertKeys.sources,
    queryFn: ({ signal }) => api.get(itemsOf(AlertSourceDto), '/alert-sources', undefined, signal),
    select: (data) => data.items,
  });
}

export function useCreateAlertSource() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: z.input<typeof CreateAlertSourceInput>) =>
      api.post(AlertSourceWithToken, '/alert-sources', input),
    onSuccess: () => client.invalidateQueries({ queryKey: alertKeys.sources }),
  });
}

export function useUpdateAlertSource() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: number; input: z.input<typeof UpdateAlertSourceInput> }) =>
      api.patch(AlertSourceDto, `/alert-sources/${id}`, input),
    onSuccess: () => client.invalidateQueries({ queryKey: alertKeys.sources }),
  });
}

export function useRotateAlertSourceToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.post(AlertSourceWithToken, `/alert-sources/${id}/rotate-token`),
    onSuccess: () => client.invalidateQueries({ queryKey: alertKeys.sources }),
  });
}

export function useDeactivateAlertSource() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete<void>(`/alert-sources/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: alertKeys.sources }),
  });
}
