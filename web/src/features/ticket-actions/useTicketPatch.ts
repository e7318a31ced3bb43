import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import type { UpdateTicketInput } from '../../../../contracts/tickets.ts';
import { useUpdateTicket } from '../../entities/ticket/api.ts';
import { errorText } from '../../shared/ui/errors.ts';

/** PATCH /tickets/:id with the outcome told to the agent; resolves to whether it was saved. */
export function useTicketPatch(ticketId: number) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const update = useUpdateTicket(ticketId);
  const patch = async (input: UpdateTicketInput): Promise<boolean> => {
    try {
      await update.mutateAsync(input);
      message.success(t('detail.saved'));
      return true;
    } catch (error) {
      message.error(errorText(t, error));
      return false;
    }
  };
  return { patch, pending: update.isPending };
}
