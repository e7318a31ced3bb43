import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  DrilldownPage,
  type ReportFilters,
  ReportSummary,
  WeeklyReport,
} from '../../../../contracts/reports.ts';
import {
  type ConfirmResolutionInput,
  ConfirmResolutionResult,
  ResolutionCodeDto,
  ResolutionDto,
  type ResolveTicketInput,
  ResolveTicketResult,
} from '../../../../contracts/resolution.ts';
import {
  type CreateNpsCampaignInput,
  type CsatAnswerInput,
  CsatResultDto,
  CsatSurveyView,
  FollowupDto,
  type NpsAnswerInput,
  NpsCampaignDetailDto,
  NpsCampaignDto,
  NpsSurveyView,
  SatisfactionCallbackDto,
} from '../../../../contracts/surveys.ts';
import { api, apiUrl, itemsOf, type QueryParams } from '../../shared/api/client.ts';
import { ticketKeys } from '../ticket/api.ts';

export const feedbackKeys = {
  resolutions: (id: number) => [...ticketKeys.detail(id), 'resolutions'] as const,
  csat: (id: number) => [...ticketKeys.detail(id), 'csat'] as const,
  callbacks: (id: number) => [...ticketKeys.detail(id), 'satisfaction-callbacks'] as const,
  codes: ['resolution-codes'] as const,
  followups: (status: string) => ['quality', 'followups', status] as const,
  campaigns: ['nps', 'campaigns'] as const,
  campaign: (id: number) => ['nps', 'campaigns', id] as const,
  myNps: ['nps', 'mine'] as const,
  reports: ['reports'] as const,
};

// --- resolution ---
export function useResolutionCodes() {
  return useQuery({
    queryKey: feedbackKeys.codes,
    queryFn: () => api.get(itemsOf(ResolutionCodeDto), '/resolution-codes'),
    staleTime: 5 * 60_000,
  });
}

export function useResolutions(ticketId: number) {
  return useQuery({
    queryKey: feedbackKeys.resolutions(ticketId),
    queryFn: () => api.get(itemsOf(ResolutionDto), `/tickets/${ticketId}/resolutions`),
  });
}

/** After a resolution or a confirmation the whole ticket (status, timeline, rating) changes. */
function useTicketRefresh(ticketId: number) {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ticketKeys.detail(ticketId) });
}

export function useResolveTicket(ticketId: number) {
  const refresh = useTicketRefresh(ticketId);
  return useMutation({
    mutationFn: (input: ResolveTicketInput) =>
      api.post(ResolveTicketResult, `/tickets/${ticketId}/resolve`, input),
    onSuccess: refresh,
  });
}

export function useConfirmResolution(ticketId: number) {
  const refresh = useTicketRefresh(ticketId);
  return useMutation({
    mutationFn: (input: ConfirmResolutionInput) =>
      api.post(ConfirmResolutionResult, `/tickets/${ticketId}/confirm`, input),
    onSuccess: refresh,
  });
}

// --- CSAT and call-backs ---
export function useTicketCsat(ticketId: number) {
  return useQuery({
    queryKey: feedbackKeys.csat(ticketId),
    queryFn: () => api.get(CsatResultDto, `/tickets/${ticketId}/csat`),
  });
}

export function useRateTicket(ticketId: number) {
  const refresh = useTicketRefresh(ticketId);
  return useMutation({
    mutationFn: (input: CsatAnswerInput) => api.post(CsatResultDto, `/tickets/${ticketId}/csat`, input),
    onSuccess: refresh,
  });
}

export function useCallbacks(ticketId: number) {
  return useQuery({
    queryKey: feedbackKeys.callbacks(ticketId),
    queryFn: () => api.get(itemsOf(SatisfactionCallbackDto), `/tickets/${ticketId}/satisfaction-callbacks`),
  });
}

export function useRecordCallback(ticketId: number) {
  const refresh = useTicketRefresh(ticketId);
  return useMutation({
    mutationFn: (input: Record<string, unknown>) =>
      api.post(SatisfactionCallbackDto, `/tickets/${ticketId}/satisfaction-callbacks`, input),
    onSuccess: refresh,
  });
}

/** The public survey page: no session, the token is the key. */
export function useCsatSurvey(token: string) {
  return useQuery({
    queryKey: ['csat-survey', token],
    queryFn: () => api.get(CsatSurveyView, `/surveys/csat/${encodeURIComponent(token)}`),
    retry: false,
  });
}

export function useAnswerCsatSurvey(token: string) {
  return useMutation({
    mutationFn: (input: CsatAnswerInput) =>
      api.post(CsatResultDto, `/surveys/csat/${encodeURIComponent(token)}`, input),
  });
}

// --- quality follow-ups ---
export function useFollowups(status: 'open' | 'closed' | 'all') {
  return useQuery({
    queryKey: feedbackKeys.followups(status),
    queryFn: () => api.get(itemsOf(FollowupDto), '/quality/followups', { status }),
  });
}

export function useCloseFollowup() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, note }: { id: number; note: string }) =>
      api.post(FollowupDto, `/quality/followups/${id}/close`, { note }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['quality'] }),
  });
}

// --- NPS ---
export function useNpsCampaigns() {
  return useQuery({
    queryKey: feedbackKeys.campaigns,
    queryFn: () => api.get(itemsOf(NpsCampaignDto), '/surveys/nps/campaigns'),
  });
}

export function useNpsCampaign(id: number | null) {
  return useQuery({
    enabled: id !== null,
    queryKey: feedbackKeys.campaign(id ?? 0),
    queryFn: () => api.get(NpsCampaignDetailDto, `/surveys/nps/campaigns/${id}`),
  });
}

export function useCreateNpsCampaign() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: Partial<CreateNpsCampaignInput>) =>
      api.post(NpsCampaignDto, '/surveys/nps/campaigns', input),
    onSuccess: () => client.invalidateQueries({ queryKey: ['nps'] }),
  });
}

export function useCloseNpsCampaign() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.post(NpsCampaignDto, `/surveys/nps/campaigns/${id}/close`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['nps'] }),
  });
}

export function useMyNps(enabled: boolean) {
  return useQuery({
    enabled,
    queryKey: feedbackKeys.myNps,
    queryFn: () => api.get(itemsOf(NpsSurveyView), '/surveys/nps/mine'),
  });
}

export function useAnswerMyNps() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: number; input: NpsAnswerInput }) =>
      api.post<{ answered: true }>(`/surveys/nps/invitations/${id}`, input),
    onSuccess: () => client.invalidateQueries({ queryKey: feedbackKeys.myNps }),
  });
}

export function useNpsSurvey(token: string) {
  return useQuery({
    queryKey: ['nps-survey', token],
    queryFn: () => api.get(NpsSurveyView, `/surveys/nps/${encodeURIComponent(token)}`),
    retry: false,
  });
}

export function useAnswerNpsSurvey(token: string) {
  return useMutation({
    mutationFn: (input: NpsAnswerInput) =>
      api.post<{ answered: true }>(`/surveys/nps/${encodeURIComponent(token)}`, input),
  });
}

// --- reports ---
export type ReportQuery = Partial<Record<keyof ReportFilters, string>>;

export function useReportSummary(filters: ReportQuery) {
  return useQuery({
    queryKey: [...feedbackKeys.reports, 'summary', filters],
    queryFn: ({ signal }) => api.get(ReportSummary, '/reports/summary', filters as QueryParams, signal),
    placeholderData: (previous) => previous,
  });
}

export function useDrilldown(filters: ReportQuery, metric: string | null, cursor?: string) {
  return useQuery({
    enabled: metric !== null,
    queryKey: [...feedbackKeys.reports, 'drilldown', filters, metric, cursor],
    queryFn: ({ signal }) =>
      api.get(
        DrilldownPage,
        '/reports/drilldown',
        { ...filters, metric, limit: 20, cursor } as QueryParams,
        signal,
      ),
  });
}

export function useWeeklyReport(week: string | undefined) {
  return useQuery({
    queryKey: [...feedbackKeys.reports, 'weekly', week],
    queryFn: ({ signal }) => api.get(WeeklyReport, '/reports/weekly', { week }, signal),
  });
}

export function useReportSubscription() {
  return useQuery({
    queryKey: [...feedbackKeys.reports, 'subscription'],
    queryFn: () => api.get<{ weekly: boolean }>('/reports/subscription'),
  });
}

export function useSetReportSubscription() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (weekly: boolean) => api.put<{ weekly: boolean }>('/reports/subscription', { weekly }),
    onSuccess: () => client.invalidateQueries({ queryKey: [...feedbackKeys.reports, 'subscription'] }),
  });
}

/** A link that downloads an export with the signed-in session. */
export const downloadUrl = (path: string, query: QueryParams) => apiUrl(path, query);
