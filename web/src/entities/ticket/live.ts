import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { subscribeLive } from '../notification/live.ts';
import { ticketKeys } from './api.ts';

/** Queues refresh at most this often however busy the desk is. */
const LIST_REFRESH_MS = 2_000;

/**
 * Keeps open ticket pages and queues current: the server sends `ticket.changed` (Server-Sent
 * Events) to staff and to the ticket's requester whenever a ticket changes.
 */
export function useLiveTicketUpdates(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = subscribeLive('ticket.changed', (data) => {
      const ticketId = Number(data.ticketId);
      if (Number.isInteger(ticketId))
        void queryClient.invalidateQueries({ queryKey: ticketKeys.detail(ticketId) });
      timer ??= setTimeout(() => {
        timer = null;
        void queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
      }, LIST_REFRESH_MS);
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [queryClient]);
}
