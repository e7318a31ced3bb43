import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { type DeclareMajorIncidentInput, MajorIncidentDto } from '../../../../contracts/escalation.ts';
import { type CreateVendorInput, VendorClockDto, VendorDto } from '../../../../contracts/sla.ts';
import { api, type ItemsResponse, itemsOf } from '../../shared/api/client.ts';
import { ticketKeys } from '../ticket/api.ts';
import { slaKeys } from './api.ts';

export type MajorIncident = MajorIncidentDto;
export type MajorIncidentSummary = {
  id: number;
  title: string;
  status: string;
  declaredAt: string;
  resolvedAt: string | null;
  tickets: number;
};
export type Vendor = VendorDto;

const majorKeys = {
  all: ['major-incidents'] as const,
  detail: (id: number) => ['major-incidents', id] as const,
};
const vendorKeys = { all: ['vendors'] as const };

export function useMajorIncidents() {
  return useQuery({
    queryKey: majorKeys.all,
    queryFn: ({ signal }) =>
      api.get<ItemsResponse<MajorIncidentSummary>>('/major-incidents', undefined, signal),
    select: (data) => data.items,
  });
}

export function useMajorIncident(id: number | null) {
  return useQuery({
    queryKey: majorKeys.detail(id ?? 0),
    queryFn: ({ signal }) => api.get(MajorIncidentDto, `/major-incidents/${id}`, undefined, signal),
    enabled: id !== null,
  });
}

/** After any change: the incident list, the incident and every ticket it touches. */
function useIncidentRefresh() {
  const queryClient = useQueryClient();
  return (incident: MajorIncident) =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: majorKeys.all }),
      ...incident.tickets.map((ticket) =>
        queryClient.invalidateQueries({ queryKey: ticketKeys.detail(ticket.id) }),
      ),
      queryClient.invalidateQueries({ queryKey: ticketKeys.lists() }),
    ]);
}

export function useDeclareMajorIncident() {
  const refresh = useIncidentRefresh();
  return useMutation({
    mutationFn: (input: z.input<typeof DeclareMajorIncidentInput>) =>
      api.post(MajorIncidentDto, '/major-incidents', input),
    onSuccess: refresh,
  });
}

export function useLinkMajorIncidentTickets(id: number) {
  const refresh = useIncidentRefresh();
  return useMutation({
    mutationFn: (ticketIds: number[]) =>
      api.post(MajorIncidentDto, `/major-incidents/${id}/tickets`, { ticketIds }),
    onSuccess: refresh,
  });
}

export function usePostMajorIncidentUpdate(id: number) {
  const refresh = useIncidentRefresh();
  return useMutation({
    mutationFn: (body: string) => api.post(MajorIncidentDto, `/major-incidents/${id}/updates`, { body }),
    onSuccess: refresh,
  });
}

export function useResolveMajorIncident(id: number) {
  const refresh = useIncidentRefresh();
  return useMutation({
    mutationFn: (resolution: string) =>
      api.post(MajorIncidentDto, `/major-incidents/${id}/resolve`, { resolution }),
    onSuccess: refresh,
  });
}

export function useVendors(enabled = true) {
  return useQuery({
    queryKey: vendorKeys.all,
    queryFn: ({ signal }) => api.get(itemsOf(VendorDto), '/vendors', undefined, signal),
    select: (data) => data.items,
    enabled,
  });
}

export function useCreateVendor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: z.input<typeof CreateVendorInput>) => api.post(VendorDto, '/vendors', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: vendorKeys.all }),
  });
}

function useClockRefresh() {
  const queryClient = useQueryClient();
  return (ticketId: number) =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ticketKeys.detail(ticketId) }),
      queryClient.invalidateQueries({ queryKey: slaKeys.explain(ticketId) }),
    ]);
}

export function useHandOffToVendor(ticketId: number) {
  const refresh = useClockRefresh();
  return useMutation({
    mutationFn: (input: { vendorId: number; reference?: string; note?: string }) =>
      api.post(VendorClockDto, `/tickets/${ticketId}/vendor-handoffs`, input),
    onSuccess: () => refresh(ticketId),
  });
}

export function useCompleteHandoff(ticketId: number) {
  const refresh = useClockRefresh();
  return useMutation({
    mutationFn: (handoffId: number) =>
      api.post(VendorClockDto, `/tickets/${ticketId}/vendor-handoffs/${handoffId}/complete`, {}),
    onSuccess: () => refresh(ticketId),
  });
}
