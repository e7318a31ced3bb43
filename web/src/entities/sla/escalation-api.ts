import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  type CreateEscalationInput,
  EscalationDto,
  EscalationReport,
  NudgeDto,
} from '../../../../contracts/escalation.ts';
import type { ProgressUpdateInput } from '../../../../contracts/sla.ts';
import { api, itemsOf } from '../../shared/api/client.ts';
import { ticketKeys } from '../ticket/api.ts';
import { slaKeys } from './api.ts';

export type Escalation = EscalationDto;
export type EscalationReportData = z.infer<typeof EscalationReport>;

function useTicketRefresh() {
  const queryClient = useQueryClient();
  return (ticketId: number) =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ticketKeys.detail(ticketId) }),
      queryClient.invalidateQueries({ queryKey: slaKeys.explain(ticketId) }),
      queryClient.invalidateQueries({ queryKey: ['escalations'] }),
      queryClient.invalidateQueries({ queryKey: ticketKeys.lists() }),
    ]);
}

export function useTicketEscalations(ticketId: number) {
  return useQuery({
    queryKey: ['escalations', 'ticket', ticketId],
    queryFn: ({ signal }) =>
      api.get(itemsOf(EscalationDto), `/tickets/${ticketId}/escalations`, undefined, signal),
    select: (data) => data.items,
  });
}

export function useEscalate(ticketId: number) {
  const refresh = useTicketRefresh();
  return useMutation({
    mutationFn: (input: z.input<typeof CreateEscalationInput>) =>
      api.post(EscalationDto, `/tickets/${ticketId}/escalations`, input),
    onSuccess: () => refresh(ticketId),
  });
}

export function useProgressUpdate(ticketId: number) {
  const refresh = useTicketRefresh();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ProgressUpdateInput) =>
      api.post<{ messageId: number; body: string }>(`/tickets/${ticketId}/progress-updates`, input),
    onSuccess: async () => {
      await refresh(ticketId);
      await queryClient.invalidateQueries({ queryKey: ticketKeys.part(ticketId, 'messages') });
    },
  });
}

export function useNudge(ticketId: number) {
  const refresh = useTicketRefresh();
  return useMutation({
    mutationFn: (message?: string) =>
      api.post(NudgeDto, `/tickets/${ticketId}/nudge`, message ? { message } : {}),
    onSuccess: () => refresh(ticketId),
  });
}

export function useEscalationReport(query: Record<string, string>) {
  return useQuery({
    queryKey: ['escalations', 'report', query],
    queryFn: ({ signal }) => api.get(EscalationReport, '/escalations', query, signal),
  });
}
