import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { z } from 'zod';
import {
  CallbackDto,
  CannedResponseDto,
  ChatDto,
  ChatMessageDto,
  type CreateImBotInput,
  type CreateMailboxInput,
  ImBotDto,
  ImContactDto,
  InboundEmailDto,
  type LinkImContactInput,
  type LogCallInput,
  MailboxDto,
  NoticeTemplateDto,
  PhoneCallDto,
  PollResult,
  type UpdateMailboxInput,
} from '../../../../contracts/channels.ts';
import { MessageTemplateDto, type SaveMessageTemplateInput } from '../../../../contracts/notifications.ts';
import { api, apiRequest, itemsOf } from '../../shared/api/client.ts';
import { subscribeLive } from '../notification/live.ts';

export const channelKeys = {
  all: ['channels'] as const,
  mailboxes: () => [...channelKeys.all, 'mailboxes'] as const,
  inbound: (status?: string) => [...channelKeys.all, 'inbound', status ?? 'all'] as const,
  templates: () => [...channelKeys.all, 'templates'] as const,
  notices: () => [...channelKeys.all, 'notices'] as const,
  bots: () => [...channelKeys.all, 'im-bots'] as const,
  imContacts: () => [...channelKeys.all, 'im-contacts'] as const,
  chats: (status?: string) => [...channelKeys.all, 'chats', status ?? 'open'] as const,
  chat: (id: number) => [...channelKeys.all, 'chat', id] as const,
  chatStats: () => [...channelKeys.all, 'chat-stats'] as const,
  canned: () => [...channelKeys.all, 'canned'] as const,
  callbacks: () => [...channelKeys.all, 'callbacks'] as const,
  calls: () => [...channelKeys.all, 'calls'] as const,
};

const list =
  <T>(item: z.ZodType<T>, path: string, query?: Record<string, string | number | undefined>) =>
  async () =>
    (await api.get(itemsOf(item), path, query)).items;

/** Invalidates `keys` after a mutation; the pages read fresh lists. */
function useInvalidate() {
  const queryClient = useQueryClient();
  return (key: readonly unknown[]) => queryClient.invalidateQueries({ queryKey: key });
}

// --- mailboxes, inbound mail ---
export const useMailboxes = () =>
  useQuery({ queryKey: channelKeys.mailboxes(), queryFn: list(MailboxDto, '/channels/mailboxes') });
export function useSaveMailbox() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: {
      id?: number;
      body: z.input<typeof CreateMailboxInput> | z.input<typeof UpdateMailboxInput>;
    }) =>
      input.id
        ? api.patch(MailboxDto, `/channels/mailboxes/${input.id}`, input.body)
        : api.post(MailboxDto, '/channels/mailboxes', input.body),
    onSuccess: () => invalidate(channelKeys.mailboxes()),
  });
}
export function usePollMailbox() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: number) => api.post(PollResult, `/channels/mailboxes/${id}/poll`),
    onSettled: () => invalidate(channelKeys.all),
  });
}
export function useDeleteMailbox() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: number) => api.delete(`/channels/mailboxes/${id}`),
    onSuccess: () => invalidate(channelKeys.mailboxes()),
  });
}
export const useInboundEmails = (status?: string) =>
  useQuery({
    queryKey: channelKeys.inbound(status),
    queryFn: list(InboundEmailDto, '/channels/inbound-emails', { status, limit: 50 }),
  });
export function useReprocessInbound() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: number) => api.post(`/channels/inbound-emails/${id}/reprocess`),
    onSuccess: () => invalidate(channelKeys.all),
  });
}

// --- templates ---
export const useMessageTemplates = () =>
  useQuery({ queryKey: channelKeys.templates(), queryFn: list(MessageTemplateDto, '/channels/templates') });
export function useSaveMessageTemplate() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: { event: string; locale: string; body: SaveMessageTemplateInput | null }) =>
      input.body
        ? api.put(`/channels/templates/${input.event}/${input.locale}`, input.body)
        : api.delete(`/channels/templates/${input.event}/${input.locale}`),
    onSuccess: () => invalidate(channelKeys.templates()),
  });
}
export const useNoticeTemplates = (enabled = true) =>
  useQuery({
    queryKey: channelKeys.notices(),
    queryFn: list(NoticeTemplateDto, '/channels/notice-templates'),
    enabled,
  });
export function useSaveNoticeTemplate() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: { id?: number; body: Omit<NoticeTemplateDto, 'id' | 'variables' | 'updatedAt'> }) =>
      input.id
        ? api.patch(`/channels/notice-templates/${input.id}`, input.body)
        : api.post('/channels/notice-templates', input.body),
    onSuccess: () => invalidate(channelKeys.notices()),
  });
}
export function useRenderNotice() {
  return useMutation({
    mutationFn: (input: { id: number; impact: string; expectedRecovery: string; service?: string }) =>
      api.post<{ subject: string; body: string }>(`/channels/notice-templates/${input.id}/render`, input),
  });
}

// --- IM bots ---
export const useImBots = () =>
  useQuery({ queryKey: channelKeys.bots(), queryFn: list(ImBotDto, '/channels/im-bots') });
export function useSaveImBot() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: { id?: number; body: Partial<z.input<typeof CreateImBotInput>> }) =>
      input.id
        ? api.patch(ImBotDto, `/channels/im-bots/${input.id}`, input.body)
        : api.post(ImBotDto, '/channels/im-bots', input.body),
    onSuccess: () => invalidate(channelKeys.bots()),
  });
}
export function useDeleteImBot() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: number) => api.delete(`/channels/im-bots/${id}`),
    onSuccess: () => invalidate(channelKeys.bots()),
  });
}
export const useTestImBot = () =>
  useMutation({ mutationFn: (id: number) => api.post(`/channels/im-bots/${id}/test`) });

// --- IM contacts (a platform user id filed under a person) ---
export const useImContacts = (query: { userId?: number } = {}, enabled = true) =>
  useQuery({
    queryKey: [...channelKeys.imContacts(), query],
    queryFn: list(ImContactDto, '/channels/im-contacts', query),
    enabled,
  });
export function useLinkImContact() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: LinkImContactInput) => api.put(ImContactDto, '/channels/im-contacts', body),
    onSuccess: () => invalidate(channelKeys.imContacts()),
  });
}
export function useUnlinkImContact() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: number) => api.delete(`/channels/im-contacts/${id}`),
    onSuccess: () => invalidate(channelKeys.imContacts()),
  });
}

// --- chat ---
/** Keeps chat queries fresh from live events (new chats, messages, status changes). */
export function useLiveChats() {
  const queryClient = useQueryClient();
  useEffect(() => {
    const refresh = (data: Record<string, unknown>) => {
      void queryClient.invalidateQueries({ queryKey: [...channelKeys.all, 'chats'] });
      if (typeof data.chatId === 'number')
        void queryClient.invalidateQueries({ queryKey: channelKeys.chat(data.chatId) });
    };
    const offMessage = subscribeLive('chat.message', refresh);
    const offUpdated = subscribeLive('chat.updated', refresh);
    return () => {
      offMessage();
      offUpdated();
    };
  }, [queryClient]);
}
export const useChats = (status?: string) =>
  useQuery({ queryKey: channelKeys.chats(status), queryFn: list(ChatDto, '/channels/chats', { status }) });
export const useChat = (id: number | null, token?: string) =>
  useQuery({
    queryKey: channelKeys.chat(id ?? 0),
    queryFn: () => api.get(ChatDto, `/channels/chats/${id}`, token ? { token } : undefined),
    enabled: id !== null,
  });
export const useChatStats = () =>
  useQuery({
    queryKey: channelKeys.chatStats(),
    queryFn: () =>
      api.get<{ total: number; resolvedAtFirstContact: number; converted: number }>('/channels/chats/stats'),
  });
export function useStartChat() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: { subject: string; message: string }) => api.post(ChatDto, '/channels/chats', input),
    onSuccess: () => invalidate([...channelKeys.all, 'chats']),
  });
}
export function useSendChatMessage(chatId: number, token?: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: string) =>
      token
        ? fetch(`/api/v1/channels/chats/${chatId}/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-chat-token': token },
            body: JSON.stringify({ body }),
          }).then((r) => r.json() as Promise<ChatMessageDto>)
        : api.post(ChatMessageDto, `/channels/chats/${chatId}/messages`, { body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: channelKeys.chat(chatId) }),
  });
}
export function useChatAction(chatId: number) {
  const invalidate = useInvalidate();
  return useMutation({
    /** `requesterId`: whom the ticket is for, chosen by the agent (needed for some unverified chats). */
    mutationFn: ({
      action,
      requesterId,
    }: {
      action: 'accept' | 'convert' | 'resolve';
      requesterId?: number;
    }) =>
      api.post(
        ChatDto,
        `/channels/chats/${chatId}/${action}`,
        action === 'accept' ? undefined : requesterId ? { requesterId } : {},
      ),
    onSuccess: () => {
      void invalidate(channelKeys.chat(chatId));
      void invalidate([...channelKeys.all, 'chats']);
      void invalidate(channelKeys.chatStats());
    },
  });
}
/** The widget visitor confirms the emailed code, or asks for a new one (with the chat's token). */
export function useChatVerification(chatId: number, token: string) {
  const queryClient = useQueryClient();
  const headers = { 'x-chat-token': token };
  const refresh = () => queryClient.invalidateQueries({ queryKey: channelKeys.chat(chatId) });
  const verify = useMutation({
    mutationFn: (code: string) =>
      apiRequest(`/channels/chats/${chatId}/verify`, {
        method: 'POST',
        body: { code },
        headers,
        schema: ChatDto,
      }),
    onSuccess: refresh,
  });
  const resend = useMutation({
    mutationFn: () =>
      apiRequest<{ sentTo: string; expiresAt: string }>(`/channels/chats/${chatId}/verification`, {
        method: 'POST',
        headers,
      }),
  });
  return { verify, resend };
}

// --- canned responses ---
/** With a ticket: the ones in its requester's language first, then those for any language. */
export const useCannedResponses = (enabled = true, ticketId?: number) =>
  useQuery({
    queryKey: [...channelKeys.canned(), ticketId ?? null],
    queryFn: list(CannedResponseDto, '/channels/canned-responses', ticketId ? { ticketId } : undefined),
    enabled,
  });
export const useRenderCanned = () =>
  useMutation({
    mutationFn: (input: { id: number; ticketId: number }) =>
      api.post<{ body: string }>(`/channels/canned-responses/${input.id}/render`, {
        ticketId: input.ticketId,
      }),
  });
export function useSaveCanned() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: {
      id?: number;
      body: { title: string; body: string; locale?: 'zh-CN' | 'en' | null; teamId?: number | null };
    }) =>
      input.id
        ? api.patch(`/channels/canned-responses/${input.id}`, input.body)
        : api.post('/channels/canned-responses', input.body),
    onSuccess: () => invalidate(channelKeys.canned()),
  });
}
export function useDeleteCanned() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: number) => api.delete(`/channels/canned-responses/${id}`),
    onSuccess: () => invalidate(channelKeys.canned()),
  });
}

// --- phone ---
export const useCalls = () =>
  useQuery({ queryKey: channelKeys.calls(), queryFn: list(PhoneCallDto, '/channels/phone/calls') });
export const useCallbacks = () =>
  useQuery({ queryKey: channelKeys.callbacks(), queryFn: list(CallbackDto, '/channels/phone/callbacks') });
export function useLogCall() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: z.input<typeof LogCallInput>) =>
      api.post(PhoneCallDto, '/channels/phone/calls', input),
    onSuccess: () => {
      void invalidate(channelKeys.calls());
      void invalidate(channelKeys.callbacks());
    },
  });
}
export function useUpdateCallback() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: { id: number; status: 'done' | 'cancelled'; outcome?: string }) =>
      api.patch(CallbackDto, `/channels/phone/callbacks/${input.id}`, {
        status: input.status,
        outcome: input.outcome,
      }),
    onSuccess: () => invalidate(channelKeys.callbacks()),
  });
}
