import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import {
  type IceServer,
  RemoteSessionDto,
  SignalDto,
  type SignalType,
} from '../../../../contracts/remote.ts';
import { subscribeLive } from '../../entities/notification/live.ts';
import { api, itemsOf } from '../../shared/api/client.ts';

/**
 * The live event types of contracts/remote.ts, repeated here: a value import from a contract
 * would bring zod into the page, and zod's eval probe trips the Content-Security-Policy.
 */
export const REMOTE_SESSION_EVENT = 'remote.session';
export const REMOTE_SIGNAL_EVENT = 'remote.signal';

export const remoteKeys = {
  session: (id: number) => ['remote-session', id] as const,
  ofTicket: (ticketId: number) => ['remote-sessions', 'ticket', ticketId] as const,
};

export const isOpen = (session: RemoteSessionDto) =>
  session.status === 'invited' || session.status === 'active' || session.status === 'paused';

/** One session, refreshed the moment it changes (live event), and every few seconds as a fallback. */
export function useRemoteSession(id: number) {
  const client = useQueryClient();
  useEffect(
    () =>
      subscribeLive(REMOTE_SESSION_EVENT, (data) => {
        if (data.sessionId === id) void client.invalidateQueries({ queryKey: remoteKeys.session(id) });
      }),
    [client, id],
  );
  return useQuery({
    queryKey: remoteKeys.session(id),
    queryFn: ({ signal }) => api.get(RemoteSessionDto, `/remote-sessions/${id}`, undefined, signal),
    refetchInterval: (query) => (query.state.data && !isOpen(query.state.data) ? false : 5000),
    retry: false,
  });
}

/** The ticket's sessions (a requester gets their own), refreshed when one changes. */
export function useTicketRemoteSessions(ticketId: number) {
  const client = useQueryClient();
  useEffect(
    () =>
      subscribeLive(REMOTE_SESSION_EVENT, (data) => {
        if (data.ticketId === ticketId)
          void client.invalidateQueries({ queryKey: remoteKeys.ofTicket(ticketId) });
      }),
    [client, ticketId],
  );
  return useQuery({
    queryKey: remoteKeys.ofTicket(ticketId),
    queryFn: ({ signal }) =>
      api.get(itemsOf(RemoteSessionDto), `/tickets/${ticketId}/remote-sessions`, undefined, signal),
  });
}

export const remoteApi = {
  invite: (ticketId: number, reason: string) =>
    api.post(RemoteSessionDto, `/tickets/${ticketId}/remote-sessions`, { reason }),
  consent: (id: number, recording: boolean) =>
    api.post(RemoteSessionDto, `/remote-sessions/${id}/consent`, { recording }),
  decline: (id: number) => api.post(RemoteSessionDto, `/remote-sessions/${id}/decline`),
  callback: (id: number, phone: string) =>
    api.post(RemoteSessionDto, `/remote-sessions/${id}/callback-request`, { phone }),
  end: (id: number) => api.post(RemoteSessionDto, `/remote-sessions/${id}/end`),
  signal: (id: number, type: SignalType, payload: Record<string, unknown> = {}) =>
    api.post<{ id: number }>(`/remote-sessions/${id}/signal`, { type, payload }),
  signals: (id: number, after: number) =>
    api.get(itemsOf(SignalDto), `/remote-sessions/${id}/signals`, { after }),
  iceServers: (id: number) => api.get<{ iceServers: IceServer[] }>(`/remote-sessions/${id}/ice-servers`),
};
