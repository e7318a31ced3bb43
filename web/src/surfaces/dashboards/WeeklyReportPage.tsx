import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Col, DatePicker, Flex, Row, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import isoWeek from 'dayjs/plugin/isoWeek';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { WeeklyMetric, WeeklyReport } from '../../../../contracts/reports.ts';
import {
  downloadUrl,
  useReportSubscription,
  useSetReportSubscription,
  useWeeklyReport,
} from '../../entities/feedback/api.ts';
import { ChangeFiguresCard } from '../../features/changes/ChangeFiguresCard.tsx';
import { ProblemFiguresView } from '../../features/problems/ProblemFiguresCard.tsx';
import { Chart } from '../../features/reports/Chart.tsx';
import { formatDuration, formatRate, formatScore } from '../../features/reports/format.ts';
import { formatShortDate, inZone } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { PageLoading } from '../../shared/ui/PageLoading.tsx';

dayjs.extend(isoWeek);

function metricValue(unit: WeeklyMetric['unit'], v: number | null): string {
  if (v === null) return '—';
  if (unit === 'seconds') return formatDuration(v);
  if (unit === 'rate') return formatRate(v);
  if (unit === 'score') return formatScore(v);
  return String(Math.round(v * 100) / 100);
}

function Bottlenecks({ report }: { report: WeeklyReport }) {
  const { t } = useTranslation();
  const b = report.bottlenecks;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={12}>
        <Card size="small" title={t('feedback.reports.statusWaits')}>
          <Chart
            option={{
              tooltip: {},
              grid: { left: 140, right: 24, top: 10, bottom: 20 },
              xAxis: { type: 'value', name: 'h' },
              yAxis: {
                type: 'category',
                data: b.statusWaits.map((w) => t(`status.${w.status}` as 'status.new')).reverse(),
              },
              series: [
                {
                  type: 'bar',
                  data: b.statusWaits.map((w) => Math.round(w.totalSeconds / 360) / 10).reverse(),
                },
              ],
            }}
          />
          <Table
            rowKey="status"
            size="small"
            pagination={false}
            dataSource={b.statusWaits}
            columns={[
              {
                title: t('ticket.status'),
                dataIndex: 'status',
                render: (s: string) => t(`status.${s}` as 'status.new'),
              },
              { title: t('feedback.reports.tickets'), dataIndex: 'tickets' },
              { title: t('feedback.reports.totalWait'), dataIndex: 'totalSeconds', render: formatDuration },
              { title: t('feedback.reports.medianWait'), dataIndex: 'medianSeconds', render: formatDuration },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Flex vertical gap={16}>
          <Card size="small" title={t('feedback.reports.vendorDelays')}>
            <Table
              rowKey="key"
              size="small"
              pagination={false}
              dataSource={b.vendorDelays}
              columns={[
                { title: '', dataIndex: 'key', render: (k: string) => k || t('feedback.reports.noVendor') },
                { title: t('feedback.reports.tickets'), dataIndex: 'tickets' },
                { title: t('feedback.reports.totalWait'), dataIndex: 'totalSeconds', render: formatDuration },
                {
                  title: t('feedback.reports.medianWait'),
                  dataIndex: 'medianSeconds',
                  render: formatDuration,
                },
                { title: t('feedback.reports.overTarget'), dataIndex: 'overTarget' },
              ]}
            />
          </Card>
          <Card size="small" title={t('feedback.reports.longestWaiting')}>
            <Table
              rowKey="ticketId"
              size="small"
              pagination={false}
              dataSource={b.longestWaiting}
              columns={[
                { title: '#', render: (_, r) => <a href={`/agent/tickets/${r.ticketId}`}>#{r.number}</a> },
                { title: t('ticket.subject'), dataIndex: 'subject', ellipsis: true },
                {
                  title: t('ticket.status'),
                  dataIndex: 'status',
                  render: (s: string) => t(`status.${s}` as 'status.new'),
                },
                {
                  title: t('feedback.reports.totalWait'),
                  dataIndex: 'waitingSeconds',
                  render: formatDuration,
                },
              ]}
            />
          </Card>
        </Flex>
      </Col>
    </Row>
  );
}

/** The weekly report (MX-2): the week against the four before, the bottlenecks, downloads and the email subscription. */
export default function WeeklyReportPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const week = params.get('week') ?? undefined;
  const report = useWeeklyReport(week);
  const subscription = useReportSubscription();
  const subscribe = useSetReportSubscription();
  const r = report.data;
  const current = r?.week ?? week;
  // A week's days in the report's zone; `to` is the next Monday, so the last day is the one before.
  const days = (weeksBefore: number) => {
    if (!r) return { from: '', to: '' };
    const start = inZone(r.from, r.timezone).subtract(weeksBefore, 'week');
    const end = inZone(r.to, r.timezone).subtract(weeksBefore, 'week').subtract(1, 'day');
    return { from: formatShortDate(start, r.timezone), to: formatShortDate(end, r.timezone) };
  };
  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('feedback.reports.weekly')} {r ? t('shell.week.title', { week: r.week, ...days(0) }) : ''}
        </Typography.Title>
        <Space wrap>
          <DatePicker
            picker="week"
            allowClear={false}
            value={current ? dayjs(r?.from ?? undefined) : undefined}
            onChange={(d) =>
              d && setParams({ week: `${d.isoWeekYear()}-W${String(d.isoWeek()).padStart(2, '0')}` })
            }
          />
          {['xlsx', 'pdf'].map((format) => (
            <Button
              key={format}
              icon={<DownloadOutlined />}
              href={downloadUrl('/reports/weekly', { week: current, format })}
              data-testid={`weekly-${format}`}
            >
              {t(format === 'xlsx' ? 'feedback.reports.downloadXlsx' : 'feedback.reports.downloadPdf')}
            </Button>
          ))}
          <Button
            icon={<DownloadOutlined />}
            href={downloadUrl('/reports/weekly', { week: current, format: 'csv', table: 'metrics' })}
          >
            CSV
          </Button>
          <Checkbox
            checked={subscription.data?.weekly ?? false}
            disabled={subscription.isPending || subscribe.isPending}
            onChange={(e) => subscribe.mutate(e.target.checked)}
          >
            {t('feedback.reports.subscribe')}
          </Checkbox>
        </Space>
      </Flex>
      <ErrorAlert error={report.error ?? subscribe.error} />
      {!r ? (
        report.isPending && <PageLoading />
      ) : (
        <>
          <Card size="small">
            <Table<WeeklyMetric>
              rowKey="key"
              size="small"
              pagination={false}
              dataSource={r.metrics}
              data-testid="weekly-metrics"
              columns={[
                {
                  title: '',
                  dataIndex: 'key',
                  render: (k: string) => t(`feedback.reports.metric.${k}` as 'feedback.reports.metric.nps'),
                },
                {
                  title: t('shell.week.reported'),
                  render: (_, m) => <strong>{metricValue(m.unit, m.week)}</strong>,
                },
                ...[0, 1, 2, 3].map((i) => ({
                  title: t('shell.week.weekBefore', { count: i + 1, ...days(i + 1) }),
                  render: (_: unknown, m: WeeklyMetric) => metricValue(m.unit, m.previous[i] ?? null),
                })),
                {
                  title: t('feedback.reports.previousAverage'),
                  render: (_, m) => metricValue(m.unit, m.previousAverage),
                },
                {
                  title: t('feedback.reports.change'),
                  render: (_, m) =>
                    m.change === null ? '—' : `${m.change > 0 ? '+' : ''}${metricValue(m.unit, m.change)}`,
                },
              ]}
            />
          </Card>
          <Bottlenecks report={r} />
          <Card size="small" title={t('feedback.reports.busiestCategories')}>
            <Table
              rowKey="category"
              size="small"
              pagination={false}
              dataSource={r.categories}
              columns={[
                { title: t('feedback.reports.category'), dataIndex: 'category' },
                { title: t('shell.week.reported'), dataIndex: 'week' },
                { title: t('feedback.reports.previousAverage'), dataIndex: 'previousAverage' },
              ]}
            />
          </Card>
          <ProblemFiguresView figures={r.problems} period={t('problems.report.week')} />
          <ChangeFiguresCard figures={r.changes} />
        </>
      )}
    </Flex>
  );
}
