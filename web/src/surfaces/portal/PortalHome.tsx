import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { OPEN_STATUSES } from '../../entities/ticket/status.ts';
import { WaitingForYou } from '../../features/resolution/WaitingForYou.tsx';
import { TicketTable } from '../../features/ticket-queue/TicketTable.tsx';

type Scope = 'open' | 'all';

/** My tickets (KB-5): what I asked for, and where each request stands. */
export default function PortalHome() {
  const { t } = useTranslation();
  const [scope, setScope] = useState<Scope>('open');
  const filters: Record<string, string> =
    scope === 'open' ? { status: OPEN_STATUSES.join(','), sort: 'updated_desc' } : { sort: 'updated_desc' };
  return (
    <Card>
      <WaitingForYou />
      <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('portal.myTickets')}
        </Typography.Title>
        <Flex gap={12} align="center">
          <Segmented<Scope>
            value={scope}
            onChange={setScope}
            options={[
              { value: 'open', label: t('portal.scopeOpen') },
              { value: 'all', label: t('portal.scopeAll') },
            ]}
            data-testid="portal-scope"
          />
          <Link to="/portal/new">
            <Button type="primary" icon={<PlusOutlined />} data-testid="new-ticket-button">
              {t('portal.newTicket')}
            </Button>
          </Link>
        </Flex>
      </Flex>
      <TicketTable
        filters={filters}
        columns={['number', 'subject', 'status', 'priority', 'assignee', 'updated']}
        ticketPath={(ticket) => `/portal/tickets/${ticket.id}`}
        testId="portal-ticket-table"
        emptyText={t('portal.empty')}
      />
    </Card>
  );
}
