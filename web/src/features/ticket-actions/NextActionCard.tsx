import { Card, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import { StatusControl } from './StatusControl.tsx';

/**
 * The top of the ticket's side panel: where the ticket stands, in a sentence, and what can be
 * done next. The page passes only the actions the status machine allows (entities/ticket/status.ts).
 */
export function NextActionCard({
  ticket,
  primary,
  children,
}: {
  ticket: TicketDto;
  /** The step the ticket most likely needs (resolve), full width. */
  primary?: ReactNode;
  /** The other actions, two to a row. */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('ticketPage.nextAction')} data-testid="next-action">
      <Flex vertical gap={8}>
        <Typography.Text type="secondary" data-testid="next-action-hint">
          {t(`ticketPage.hint.${ticket.status}`)}
        </Typography.Text>
        <StatusControl ticket={ticket} />
        {primary}
        <div
          className="next-actions"
          style={{ display: 'grid', gridTemplateColumns: 'repeat(2, minmax(0, 1fr))', gap: 8 }}
        >
          {children}
        </div>
      </Flex>
    </Card>
  );
}
