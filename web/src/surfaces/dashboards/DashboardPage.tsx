import { Card, Col, Flex, Row, Statistic, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { AgentFigures, Breakdown, ReportSummary } from '../../../../contracts/reports.ts';
import { type ReportQuery, useReportSummary } from '../../entities/feedback/api.ts';
import { ChangeFiguresDashboardCard } from '../../features/changes/ChangeFiguresCard.tsx';
import { ProblemFiguresCard } from '../../features/problems/ProblemFiguresCard.tsx';
import { Chart } from '../../features/reports/Chart.tsx';
import { DrilldownDrawer } from '../../features/reports/DrilldownDrawer.tsx';
import { formatDuration, formatRate, formatScore } from '../../features/reports/format.ts';
import { ReportFilterBar } from '../../features/reports/ReportFilterBar.tsx';
import { nowInZone } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { PageLoading } from '../../shared/ui/PageLoading.tsx';

const FILTER_KEYS = [
  'from',
  'to',
  'teamId',
  'agentId',
  'channel',
  'category',
  'priority',
  'organizationId',
] as const;

function useReportQuery(): [ReportQuery, (next: ReportQuery) => void] {
  const [params, setParams] = useSearchParams();
  const query: ReportQuery = {
    // The last 30 days of the profile's calendar, not the browser's: reports count days in that zone.
    from: params.get('from') ?? nowInZone().subtract(29, 'day').format('YYYY-MM-DD'),
    to: params.get('to') ?? nowInZone().format('YYYY-MM-DD'),
  };
  for (const key of FILTER_KEYS.slice(2)) {
    const v = params.get(key);
    if (v) query[key] = v;
  }
  const set = (next: ReportQuery) => {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(next)) if (v) search.set(k, v);
    setParams(search, { replace: true });
  };
  return [query, set];
}

/** A figure that opens the tickets behind it. */
function Kpi(props: {
  title: string;
  value: string | number;
  hint?: string;
  metric?: string;
  onDrill: (metric: string, title: string) => void;
}) {
  const { metric, onDrill, title } = props;
  return (
    <Card
      size="small"
      hoverable={Boolean(metric)}
      onClick={metric ? () => onDrill(metric, title) : undefined}
      data-testid={metric ? `kpi-${metric}` : undefined}
    >
      <Statistic title={title} value={props.value} />
      {props.hint && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {props.hint}
        </Typography.Text>
      )}
    </Card>
  );
}

function breakdownChart(rows: Breakdown[], label: (b: Breakdown) => string, t: (k: string) => string) {
  const top = rows.slice(0, 12);
  return {
    tooltip: { trigger: 'axis' as const },
    legend: { data: [t('feedback.reports.ticketsIn'), t('feedback.reports.ticketsOut')] },
    grid: { left: 40, right: 16, bottom: 60, top: 30 },
    xAxis: { type: 'category' as const, data: top.map(label), axisLabel: { rotate: 30 } },
    yAxis: { type: 'value' as const },
    series: [
      { name: t('feedback.reports.ticketsIn'), type: 'bar' as const, data: top.map((b) => b.in) },
      { name: t('feedback.reports.ticketsOut'), type: 'bar' as const, data: top.map((b) => b.out) },
    ],
  };
}

function Charts({ s, onDrill }: { s: ReportSummary; onDrill: (metric: string, title: string) => void }) {
  const { t } = useTranslation();
  const tt = (k: string) => t(k as 'feedback.reports.ticketsIn');
  const dims = ['speed', 'attitude', 'effectiveness', 'overall'] as const;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={16}>
        <Card size="small" title={t('feedback.reports.daily')}>
          <Chart
            testId="chart-daily"
            option={{
              tooltip: { trigger: 'axis' },
              legend: { data: [t('feedback.reports.ticketsIn'), t('feedback.reports.ticketsOut')] },
              grid: { left: 40, right: 16, bottom: 30, top: 30 },
              xAxis: { type: 'category', data: s.daily.map((d) => d.day) },
              yAxis: { type: 'value' },
              series: [
                {
                  name: t('feedback.reports.ticketsIn'),
                  type: 'line',
                  smooth: true,
                  data: s.daily.map((d) => d.in),
                },
                {
                  name: t('feedback.reports.ticketsOut'),
                  type: 'line',
                  smooth: true,
                  data: s.daily.map((d) => d.out),
                },
              ],
            }}
          />
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <Card size="small" title={t('feedback.reports.backlogAge')}>
          <Chart
            testId="chart-backlog"
            onClick={() => onDrill('backlog', t('feedback.reports.backlog'))}
            option={{
              tooltip: {},
              grid: { left: 40, right: 16, bottom: 30, top: 20 },
              xAxis: {
                type: 'category',
                data: s.backlog.byAge.map((b) =>
                  t(`feedback.reports.buckets.${b.bucket}` as 'feedback.reports.buckets.lt_1d'),
                ),
              },
              yAxis: { type: 'value' },
              series: [
                { type: 'bar', data: s.backlog.byAge.map((b) => b.count), itemStyle: { color: '#fa8c16' } },
              ],
            }}
          />
        </Card>
      </Col>
      <Col xs={24} lg={12} xl={8}>
        <Card size="small" title={t('feedback.reports.csat')}>
          <Chart
            testId="chart-csat"
            onClick={() => onDrill('csat', t('feedback.reports.csat'))}
            option={{
              tooltip: {},
              grid: { left: 90, right: 24, bottom: 20, top: 10 },
              xAxis: { type: 'value', min: 0, max: 5 },
              yAxis: { type: 'category', data: dims.map((d) => t(`feedback.csat.${d}`)) },
              series: [
                {
                  type: 'bar',
                  data: dims.map((d) => s.csat.dimensions[d] ?? 0),
                  itemStyle: { color: '#52c41a' },
                  label: { show: true, position: 'right' },
                },
              ],
            }}
          />
        </Card>
      </Col>
      <Col xs={24} lg={12} xl={8}>
        <Card size="small" title={t('feedback.reports.sla')}>
          <Chart
            testId="chart-sla"
            onClick={() => onDrill('sla_breached', t('feedback.reports.sla'))}
            option={{
              tooltip: {},
              grid: { left: 40, right: 16, bottom: 30, top: 20 },
              xAxis: {
                type: 'category',
                data: s.sla.clocks.map((c) =>
                  t(`feedback.reports.slaClock.${c.clock}` as 'feedback.reports.slaClock.resolution'),
                ),
              },
              yAxis: { type: 'value', max: 100 },
              series: [
                {
                  type: 'bar',
                  data: s.sla.clocks.map((c) => (c.rate === null ? 0 : Math.round(c.rate * 1000) / 10)),
                  label: { show: true, position: 'top', formatter: '{c}%' },
                },
              ],
            }}
          />
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <Card size="small" title={t('feedback.reports.byChannel')}>
          <Chart
            testId="chart-channel"
            option={breakdownChart(
              s.breakdowns.channel,
              (b) => (b.key === 'none' ? '—' : t(`channel.${b.key}` as 'channel.portal')),
              tt,
            )}
          />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('feedback.reports.byCategory')}>
          <Chart option={breakdownChart(s.breakdowns.category, (b) => b.label || '—', tt)} />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('feedback.reports.byTeam')}>
          <Chart option={breakdownChart(s.breakdowns.team, (b) => b.label || '—', tt)} />
        </Card>
      </Col>
    </Row>
  );
}

/** Leads' and managers' dashboard (MX-1, MX-4): every figure, filterable, each drilling down to its tickets. */
export default function DashboardPage() {
  const { t } = useTranslation();
  const [query, setQuery] = useReportQuery();
  const summary = useReportSummary(query);
  const [drill, setDrill] = useState<{ metric: string; title: string } | null>(null);
  const onDrill = (metric: string, title: string) => setDrill({ metric, title });
  const s = summary.data;
  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('feedback.reports.title')}
        </Typography.Title>
        <Link to="/dashboards/weekly">{t('feedback.reports.weekly')}</Link>
      </Flex>
      <ReportFilterBar value={query} onChange={setQuery} />
      <ErrorAlert error={summary.error} />
      {!s ? (
        summary.isPending && <PageLoading />
      ) : (
        <>
          <Row gutter={[12, 12]}>
            {[
              { title: t('feedback.reports.ticketsIn'), value: s.volume.in, metric: 'in' },
              { title: t('feedback.reports.ticketsOut'), value: s.volume.out, metric: 'out' },
              {
                title: t('feedback.reports.backlog'),
                value: s.backlog.open,
                metric: 'backlog',
                hint: t('feedback.reports.medianAge', { value: formatDuration(s.backlog.medianAgeSeconds) }),
              },
              {
                title: t('feedback.reports.firstResponse'),
                value: formatDuration(s.firstResponse.medianSeconds),
                metric: 'first_response',
                hint: `${t('feedback.reports.p90')} ${formatDuration(s.firstResponse.p90Seconds)} · ${t(`feedback.reports.basis.${s.firstResponse.basis}`)}`,
              },
              {
                title: t('feedback.reports.resolution'),
                value: formatDuration(s.resolution.medianSeconds),
                metric: 'resolution',
                hint: `${t('feedback.reports.p90')} ${formatDuration(s.resolution.p90Seconds)} · ${t('feedback.reports.p1Mean')} ${formatDuration(s.p1Resolution.meanSeconds)}`,
              },
              {
                title: t('feedback.reports.fcr'),
                value: formatRate(s.firstContactResolution.rate),
                metric: 'first_contact',
              },
              { title: t('feedback.reports.reopen'), value: formatRate(s.reopen.rate), metric: 'reopened' },
              { title: t('feedback.reports.repeat'), value: formatRate(s.repeat.rate), metric: 'repeat' },
              {
                title: t('feedback.reports.escalation'),
                value: formatRate(s.escalation.rate),
                metric: 'escalated',
              },
              {
                title: t('feedback.reports.csatAverage'),
                value: formatScore(s.csat.average),
                metric: 'csat',
                hint: t('feedback.reports.csatResponses', {
                  count: s.csat.responses,
                  rate: formatRate(s.csat.responseRate),
                }),
              },
              {
                title: t('feedback.reports.nps'),
                value: s.nps.score ?? '—',
                hint: t('feedback.reports.npsDetail', {
                  promoters: s.nps.promoters,
                  passives: s.nps.passives,
                  detractors: s.nps.detractors,
                }),
              },
            ].map((k) => (
              <Col key={k.title} xs={12} md={8} xl={6} xxl={4}>
                <Kpi {...k} onDrill={onDrill} />
              </Col>
            ))}
          </Row>
          <Charts s={s} onDrill={onDrill} />
          <Card size="small" title={t('feedback.reports.agents')}>
            <Table<AgentFigures>
              rowKey="agentId"
              size="small"
              dataSource={s.agents}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              data-testid="agents-table"
              onRow={(a) => ({
                onClick: () => setQuery({ ...query, agentId: String(a.agentId) }),
                style: { cursor: 'pointer' },
              })}
              columns={[
                { title: t('feedback.reports.agent'), dataIndex: 'name' },
                {
                  title: t('feedback.reports.assigned'),
                  dataIndex: 'assigned',
                  sorter: (a, b) => a.assigned - b.assigned,
                },
                {
                  title: t('feedback.reports.resolved'),
                  dataIndex: 'resolved',
                  sorter: (a, b) => a.resolved - b.resolved,
                },
                { title: t('feedback.reports.open'), dataIndex: 'open', sorter: (a, b) => a.open - b.open },
                {
                  title: t('feedback.reports.meanResolution'),
                  dataIndex: 'meanResolutionSeconds',
                  render: (v: number | null) => formatDuration(v),
                },
                {
                  title: t('feedback.reports.csatAverage'),
                  dataIndex: 'csatAverage',
                  render: (v: number | null, a) =>
                    v === null ? '—' : `${formatScore(v)} (${a.csatResponses})`,
                },
              ]}
            />
          </Card>
          <ProblemFiguresCard />
          <ChangeFiguresDashboardCard />
        </>
      )}
      <DrilldownDrawer
        filters={query}
        metric={drill?.metric ?? null}
        title={drill?.title ?? ''}
        onClose={() => setDrill(null)}
      />
    </Flex>
  );
}
