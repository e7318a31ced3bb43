import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  AttachmentDto,
  type CreateTicketInput,
  type LinkKind,
  MessageDto,
  TicketDto,
  TicketLinkDto,
  TicketSummaryDto,
  TimelineEventDto,
  type UpdateTicketInput,
} from '../../../../contracts/tickets.ts';
import { api, apiRequest, isApiError, itemsOf, pageOf } from '../../shared/api/client.ts';

export type TicketLink = z.infer<typeof TicketLinkDto>;

export const ticketKeys = {
  all: ['tickets'] as const,
  lists: () => [...ticketKeys.all, 'list'] as const,
  list: (filters: Record<string, string>) => [...ticketKeys.lists(), filters] as const,
  detail: (id: number) => [...ticketKeys.all, 'detail', id] as const,
  part: (id: number, part: 'messages' | 'timeline' | 'attachments') =>
    [...ticketKeys.detail(id), part] as const,
};

/** One page of tickets per request; `filters` are the query parameters of GET /tickets. */
export function useTicketList(filters: Record<string, string>, pageSize = 50) {
  return useInfiniteQuery({
    queryKey: ticketKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      api.get(
        pageOf(TicketSummaryDto),
        '/tickets',
        { ...filters, limit: pageSize, cursor: pageParam },
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useTicket(id: number, enabled = true) {
  return useQuery({
    enabled,
    queryKey: ticketKeys.detail(id),
    queryFn: ({ signal }) => api.get(TicketDto, `/tickets/${id}`, undefined, signal),
    retry: (count, error) => count < 2 && !(isApiError(error) && error.status === 404),
  });
}

export function useMessages(id: number) {
  return useQuery({
    queryKey: ticketKeys.part(id, 'messages'),
    queryFn: ({ signal }) => api.get(itemsOf(MessageDto), `/tickets/${id}/messages`, undefined, signal),
    select: (data) => data.items,
  });
}

export function useTimeline(id: number, enabled = true) {
  return useQuery({
    queryKey: ticketKeys.part(id, 'timeline'),
    queryFn: ({ signal }) => api.get(itemsOf(TimelineEventDto), `/tickets/${id}/timeline`, undefined, signal),
    select: (data) => data.items,
    enabled,
  });
}

export function useAttachments(id: number) {
  return useQuery({
    queryKey: ticketKeys.part(id, 'attachments'),
    queryFn: ({ signal }) => api.get(itemsOf(AttachmentDto), `/tickets/${id}/attachments`, undefined, signal),
    select: (data) => data.items,
  });
}

export const attachmentUrl = (ticketId: number, attachmentId: number): string =>
  `/api/v1/tickets/${ticketId}/attachments/${attachmentId}`;

export function uploadAttachment(ticketId: number, file: File, messageId?: number): Promise<AttachmentDto> {
  const form = new FormData();
  if (messageId !== undefined) form.append('messageId', String(messageId));
  form.append('file', file, file.name);
  return apiRequest(`/tickets/${ticketId}/attachments`, {
    method: 'POST',
    body: form,
    schema: AttachmentDto,
  });
}

export function useCreateTicket() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: z.input<typeof CreateTicketInput>) => api.post(TicketDto, '/tickets', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ticketKeys.lists() }),
  });
}

/** Everything shown about one ticket is stale after a change to it. */
function useRefreshTicket(id: number) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ticketKeys.detail(id) }),
      queryClient.invalidateQueries({ queryKey: ticketKeys.lists() }),
    ]);
}

export function useUpdateTicket(id: number) {
  const queryClient = useQueryClient();
  const refresh = useRefreshTicket(id);
  return useMutation({
    mutationFn: (input: z.input<typeof UpdateTicketInput>) => api.patch(TicketDto, `/tickets/${id}`, input),
    onSuccess: (ticket) => {
      queryClient.setQueryData(ticketKeys.detail(id), ticket);
      return refresh();
    },
  });
}

export function usePostMessage(id: number) {
  const refresh = useRefreshTicket(id);
  return useMutation({
    mutationFn: async ({ body, internal, files }: { body: string; internal: boolean; files: File[] }) => {
      const message = await api.post(MessageDto, `/tickets/${id}/messages`, { body, internal });
      const failed: string[] = [];
      for (const file of files) {
        try {
          await uploadAttachment(id, file, message.id);
        } catch {
          failed.push(file.name);
        }
      }
      return { message, failed };
    },
    onSettled: refresh,
  });
}

export function useUploadAttachment(id: number) {
  const refresh = useRefreshTicket(id);
  return useMutation({ mutationFn: (file: File) => uploadAttachment(id, file), onSettled: refresh });
}

export function useAddLink(id: number) {
  const refresh = useRefreshTicket(id);
  return useMutation({
    mutationFn: (input: { kind: LinkKind; targetId: number }) =>
      api.post(TicketLinkDto, `/tickets/${id}/links`, input),
    onSuccess: refresh,
  });
}

export function useRemoveLink(id: number) {
  const refresh = useRefreshTicket(id);
  return useMutation({
    mutationFn: (linkId: number) => api.delete<unknown>(`/tickets/${id}/links/${linkId}`),
    onSuccess: refresh,
  });
}
