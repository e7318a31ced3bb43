import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  CalendarDto,
  CommitmentDto,
  type CreateCalendarInput,
  type CreateSlaPolicyInput,
  type IcalImportResult,
  SimulationResult,
  SlaExplainDto,
  SlaPolicyDto,
  type TicketSlaDto,
  type UpdateCalendarInput,
  type UpdateSlaPolicyInput,
} from '../../../../contracts/sla.ts';
import { api, apiRequest, itemsOf } from '../../shared/api/client.ts';
import { ticketKeys } from '../ticket/api.ts';

export type Calendar = CalendarDto;
export type Policy = SlaPolicyDto;
export type Commitment = z.infer<typeof CommitmentDto>;
export type IcalImport = z.infer<typeof IcalImportResult>;
/** What the forms send; the server fills in the defaults. */
export type CalendarInput = z.input<typeof CreateCalendarInput>;
export type PolicyInput = z.input<typeof CreateSlaPolicyInput>;

export const slaKeys = {
  calendars: ['sla', 'calendars'] as const,
  policies: ['sla', 'policies'] as const,
  commitments: ['sla', 'commitments'] as const,
  explain: (ticketId: number) => ['sla', 'explain', ticketId] as const,
  clocks: (ids: readonly number[]) => ['sla', 'clocks', ids.join(',')] as const,
};

export function useCalendars() {
  return useQuery({
    queryKey: slaKeys.calendars,
    queryFn: ({ signal }) => api.get(itemsOf(CalendarDto), '/calendars', undefined, signal),
    select: (data) => data.items,
  });
}

export function useSaveCalendar() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      input,
    }: {
      id: number | null;
      input: CalendarInput | z.input<typeof UpdateCalendarInput>;
    }) =>
      id === null
        ? api.post(CalendarDto, '/calendars', input)
        : api.patch(CalendarDto, `/calendars/${id}`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: slaKeys.calendars }),
  });
}

export function useImportIcal() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ics }: { id: number; ics: string }) =>
      apiRequest<IcalImport>(`/calendars/${id}/ical`, {
        method: 'POST',
        body: ics,
        contentType: 'text/calendar',
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: slaKeys.calendars }),
  });
}

export function usePolicies() {
  return useQuery({
    queryKey: slaKeys.policies,
    queryFn: ({ signal }) => api.get(itemsOf(SlaPolicyDto), '/sla-policies', undefined, signal),
    select: (data) => data.items,
  });
}

export function useSavePolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      input,
    }: {
      id: number | null;
      input: PolicyInput | z.input<typeof UpdateSlaPolicyInput>;
    }) =>
      id === null
        ? api.post(SlaPolicyDto, '/sla-policies', input)
        : api.patch(SlaPolicyDto, `/sla-policies/${id}`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: slaKeys.policies }),
  });
}

export function useSimulatePolicy() {
  return useMutation({
    mutationFn: ({
      id,
      from,
      to,
      calendarId,
    }: {
      id: number;
      from: string;
      to: string;
      calendarId?: number;
    }) =>
      api.post(SimulationResult, `/sla-policies/${id}/simulate`, {
        from,
        to,
        ...(calendarId ? { calendarId } : {}),
      }),
  });
}

export function useSlaExplain(ticketId: number, enabled: boolean) {
  return useQuery({
    enabled,
    queryKey: slaKeys.explain(ticketId),
    queryFn: ({ signal }) => api.get(SlaExplainDto, `/tickets/${ticketId}/sla/explain`, undefined, signal),
  });
}

/** The clocks of the rows a queue shows, in one request; refreshed every minute. */
export function useQueueClocks(ticketIds: readonly number[]) {
  return useQuery({
    enabled: ticketIds.length > 0,
    queryKey: slaKeys.clocks(ticketIds),
    queryFn: ({ signal }) =>
      api.get<{ items: { ticketId: number; sla: TicketSlaDto }[] }>(
        '/sla/clocks',
        { ticketIds: ticketIds.slice(0, 200).join(',') },
        signal,
      ),
    select: (data) => new Map(data.items.map((item) => [item.ticketId, item.sla])),
    refetchInterval: 60_000,
  });
}

export function useCommitments() {
  return useQuery({
    queryKey: slaKeys.commitments,
    queryFn: ({ signal }) => api.get(itemsOf(CommitmentDto), '/sla/commitments', undefined, signal),
    select: (data) => data.items,
    staleTime: 5 * 60_000,
  });
}

/** After an SLA action on a ticket, its read (with the clocks) and its explanation are stale. */
export function useInvalidateTicketSla() {
  const queryClient = useQueryClient();
  return (ticketId: number) =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ticketKeys.detail(ticketId) }),
      queryClient.invalidateQueries({ queryKey: slaKeys.explain(ticketId) }),
    ]);
}
