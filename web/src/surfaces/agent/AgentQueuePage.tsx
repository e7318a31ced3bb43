import { PhoneOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueueFilterBar } from '../../features/ticket-queue/QueueFilterBar.tsx';
import { SavedViews } from '../../features/ticket-queue/SavedViews.tsx';
import { TicketTable } from '../../features/ticket-queue/TicketTable.tsx';
import { useQueueFilters } from '../../features/ticket-queue/useQueueFilters.ts';

/** One queue for every channel (IN-1), filtered, sorted and saved per agent. */
export default function AgentQueuePage() {
  const { t } = useTranslation();
  const { filters, setFilter, replaceAll } = useQueueFilters();
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
      <QueueFilterBar filters={filters} setFilter={setFilter} onClear={() => replaceAll({})} />
      <div style={{ marginTop: 16 }}>
        <TicketTable
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
