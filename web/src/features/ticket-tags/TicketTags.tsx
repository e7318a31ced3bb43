import { App, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import { useUpdateTicket } from '../../entities/ticket/api.ts';
import { errorText } from '../../shared/ui/errors.ts';

/** The ticket's tags (issue 13), edited in place by agents: type a tag and press Enter. */
export function TicketTags({ ticket }: { ticket: TicketDto }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const update = useUpdateTicket(ticket.id);
  return (
    <Select<string[]>
      mode="tags"
      value={ticket.tags}
      open={false}
      suffixIcon={null}
      loading={update.isPending}
      placeholder={t('automationRules.ticketTags')}
      aria-label={t('automationRules.ticketTags')}
      style={{ minWidth: 160, width: '100%' }}
      tokenSeparators={[',', '，']}
      onChange={(tags) =>
        update.mutate(
          { tags: tags.map((tag) => tag.trim().toLowerCase()).filter(Boolean) },
          { onError: (error) => message.error(errorText(t, error)) },
        )
      }
      data-testid="ticket-tags"
    />
  );
}
