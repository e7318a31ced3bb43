import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import {
  NotificationPage,
  PreferencesDto,
  type UpdatePreferencesInput,
} from '../../../../contracts/notifications.ts';
import { api } from '../../shared/api/client.ts';
import { subscribeLive } from './live.ts';

export const notificationKeys = {
  all: ['notifications'] as const,
  list: () => [...notificationKeys.all, 'list'] as const,
  preferences: () => [...notificationKeys.all, 'preferences'] as const,
};

/** The bell's list and unread count; refreshed live when a notification arrives or is read. */
export function useNotifications() {
  const queryClient = useQueryClient();
  useEffect(() => {
    const refresh = () => queryClient.invalidateQueries({ queryKey: notificationKeys.list() });
    const offNew = subscribeLive('notification', refresh);
    const offRead = subscribeLive('notification.read', refresh);
    return () => {
      offNew();
      offRead();
    };
  }, [queryClient]);
  return useQuery({
    queryKey: notificationKeys.list(),
    queryFn: () => api.get(NotificationPage, '/notifications', { limit: 15 }),
    staleTime: 60_000,
  });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.post(`/notifications/${id}/read`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.list() }),
  });
}

export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post('/notifications/read-all'),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.list() }),
  });
}

export function usePreferences(enabled: boolean) {
  return useQuery({
    queryKey: notificationKeys.preferences(),
    queryFn: () => api.get(PreferencesDto, '/notifications/preferences'),
    enabled,
  });
}

export function useSavePreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdatePreferencesInput) =>
      api.put(PreferencesDto, '/notifications/preferences', input),
    onSuccess: (data) => queryClient.setQueryData(notificationKeys.preferences(), data),
  });
}
