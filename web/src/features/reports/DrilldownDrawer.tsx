import { DownloadOutlined } from '@ant-design/icons';
import { Button, Drawer, Flex, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DrilldownRow } from '../../../../contracts/reports.ts';
import { downloadUrl, type ReportQuery, useDrilldown } from '../../entities/feedback/api.ts';
import { formatDateTime } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { formatDuration } from './format.ts';

const DURATION_METRICS = new Set(['out', 'backlog', 'first_response', 'resolution', 'first_contact']);

/** The tickets behind a number: a page at a time, and all of them as CSV. */
export function DrilldownDrawer({
  filters,
  metric,
  title,
  onClose,
}: {
  filters: ReportQuery;
  metric: string | null;
  title: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const page = useDrilldown(filters, metric, cursor);
  const close = () => {
    setCursors([undefined]);
    onClose();
  };
  const value = (row: DrilldownRow) =>
    row.value === null ? '—' : metric && DURATION_METRICS.has(metric) ? formatDuration(row.value) : row.value;
  return (
    <Drawer
      open={metric !== null}
      onClose={close}
      size="large"
      title={t('feedback.reports.drilldown', { metric: title })}
    >
      <ErrorAlert error={page.error} />
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <span>{page.data ? page.data.total : ''}</span>
        <Button
          icon={<DownloadOutlined />}
          href={downloadUrl('/reports/drilldown', { ...filters, metric, format: 'csv' })}
        >
          {t('feedback.reports.downloadCsv')}
        </Button>
      </Flex>
      <Table<DrilldownRow>
        rowKey="ticketId"
        size="small"
        loading={page.isFetching}
        dataSource={page.data?.items ?? []}
        pagination={false}
        data-testid="drilldown-table"
        columns={[
          {
            title: '#',
            render: (_, r) => <Link to={`/agent/tickets/${r.ticketId}`}>#{r.number}</Link>,
          },
          { title: t('ticket.subject'), dataIndex: 'subject', ellipsis: true },
          {
            title: t('ticket.status'),
            dataIndex: 'status',
            render: (s: string) => <Tag>{t(`status.${s}` as 'status.new')}</Tag>,
          },
          { title: t('ticket.priority'), dataIndex: 'priority' },
          {
            title: t('feedback.reports.agent'),
            dataIndex: 'assignee',
            render: (a: string | null) => a ?? '—',
          },
          { title: t('ticket.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
          { title: t('feedback.reports.value'), render: (_, r) => value(r) },
        ]}
      />
      <Flex gap={8} style={{ marginTop: 12 }}>
        <Button disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>
          ‹
        </Button>
        <Button
          disabled={!page.data?.nextCursor}
          onClick={() => setCursors([...cursors, page.data?.nextCursor ?? undefined])}
        >
          ›
        </Button>
      </Flex>
    </Drawer>
  );
}
