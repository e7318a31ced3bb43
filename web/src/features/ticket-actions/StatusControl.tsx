import { Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TicketDto, TicketStatus } from '../../../../contracts/tickets.ts';
import { isFinal, nextStatuses } from '../../entities/ticket/status.ts';
import { useTicketPatch } from './useTicketPatch.ts';

/** Offers only the statuses the ticket may move to from where it is. */
export function StatusControl({ ticket }: { ticket: TicketDto }) {
  const { t } = useTranslation();
  const { patch, pending } = useTicketPatch(ticket.id);
  const final = isFinal(ticket.status);
  const options = [ticket.status, ...nextStatuses(ticket.status)].map((status) => ({
    value: status,
    label: status === 'open' && ticket.status === 'resolved' ? t('detail.reopen') : t(`status.${status}`),
  }));
  return (
    <div>
      <Select<TicketStatus>
        value={ticket.status}
        options={options}
        onChange={(status) => void patch({ status })}
        disabled={final || pending}
        loading={pending}
        style={{ width: '100%' }}
        data-testid="status-select"
        aria-label={t('ticket.status')}
      />
      {final && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('detail.statusFinal')}
        </Typography.Text>
      )}
    </div>
  );
}
