import { useQuery } from '@tanstack/react-query';
import { OriginalMailDto } from '../../../../contracts/channels.ts';
import { api } from '../../shared/api/client.ts';

/** The original mail of a ticket message, or of the mail that opened the ticket (messageId null). */
export function useOriginalMail(ticketId: number, messageId: number | null, enabled: boolean) {
  return useQuery({
    queryKey: ['tickets', 'detail', ticketId, 'original-mail', messageId ?? 'opening'],
    queryFn: () =>
      api.get(
        OriginalMailDto,
        messageId === null
          ? `/tickets/${ticketId}/original`
          : `/tickets/${ticketId}/messages/${messageId}/original`,
      ),
    enabled,
    staleTime: Number.POSITIVE_INFINITY,
  });
}
