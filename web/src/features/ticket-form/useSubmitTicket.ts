import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type CreateTicketInput, TicketDto } from '../../../../contracts/tickets.ts';
import { ticketKeys, uploadAttachment } from '../../entities/ticket/api.ts';
import { api } from '../../shared/api/client.ts';

export type SubmittedTicket = { ticket: TicketDto; failedUploads: string[] };

/**
 * Opens the ticket, then uploads its attachments (they need the ticket's id). A failed upload
 * does not undo the ticket: the requester already has a number and can attach the file later.
 */
export function useSubmitTicket() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({
      input,
      files,
    }: {
      input: CreateTicketInput;
      files: File[];
    }): Promise<SubmittedTicket> => {
      const ticket = await api.post(TicketDto, '/tickets', input);
      const failedUploads: string[] = [];
      for (const file of files) {
        try {
          await uploadAttachment(ticket.id, file);
        } catch {
          failedUploads.push(file.name);
        }
      }
      return { ticket, failedUploads };
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ticketKeys.lists() }),
  });
}
