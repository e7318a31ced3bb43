import { PhoneOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Space, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TicketSummaryDto } from '../../../../contracts/tickets.ts';
import { BulkActionBar } from '../../features/bulk-actions/BulkActionBar.tsx';
import { rememberQueueOrder } from '../../features/keyboard-shortcuts/queue-order.ts';
import { QueueFilterBar } from '../../features/ticket-queue/QueueFilterBar.tsx';
import { SavedViews } from '../../features/ticket-queue/SavedViews.tsx';
import { TicketTable } from '../../features/ticket-queue/TicketTable.tsx';
import { useQueueFilters } from '../../features/ticket-queue/useQueueFilters.ts';

/** One queue for every channel (IN-1), filtered, sorted and saved per agent. */
export default function AgentQueuePage() {
  const { t } = useTranslation();
  const { filters, setFilter, replaceAll } = useQueueFilters();
  const [selected, setSelected] = useState<number[]>([]);
  const [numbers, setNumbers] = useState(new Map<number, number>());
  const onRows = useCallback((rows: TicketSummaryDto[]) => {
    rememberQueueOrder(rows.map((row) => row.id));
    setNumbers(new Map(rows.map((row) => [row.id, row.number])));
  }, []);
  return (
    <Card>
      <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 12 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('queue.title')}
        </Typography.Title>
        <Space wrap>
          <SavedViews filters={filters} onApply={replaceAll} />
          <Link to="/agent/phone">
            <Button icon={<PhoneOutlined />}>{t('nav.phone')}</Button>
          </Link>
        </Space>
      </Flex>
      <QueueFilterBar filters={filters} setFilter={setFilter} onClear={() => replaceAll({})} staffFilters />
      <div style={{ marginTop: 16 }}>
        <BulkActionBar selected={selected} numbers={numbers} onDone={() => setSelected([])} />
        <TicketTable
          selection={{ selected, onChange: setSelected }}
          onRows={onRows}
          filters={filters}
          columns={[
            'number',
            'subject',
            'requester',
            'status',
            'priority',
            'sla',
            'team',
            'assignee',
            'updated',
          ]}
          ticketPath={(ticket) => `/agent/tickets/${ticket.id}`}
          testId="queue-table"
          emptyText={t('queue.empty')}
        />
      </div>
    </Card>
  );
}
