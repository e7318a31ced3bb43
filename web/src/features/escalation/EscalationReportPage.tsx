import { Card, DatePicker, Flex, Select, Statistic, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Escalation, useEscalationReport } from '../../entities/sla/escalation-api.ts';
import { systemText } from '../../entities/ticket/system-text.ts';
import { formatDateTime, formatTicketNumber } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';

/** The escalation report (ES-3): every escalation, what was tried and why, with totals. */
export default function EscalationReportPage() {
  const { t } = useTranslation();
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(null);
  const [kind, setKind] = useState<string | undefined>();
  const [trigger, setTrigger] = useState<string | undefined>();
  const query: Record<string, string> = {
    ...(range
      ? { from: range[0].startOf('day').toISOString(), to: range[1].endOf('day').toISOString() }
      : {}),
    ...(kind ? { kind } : {}),
    ...(trigger ? { trigger } : {}),
  };
  const report = useEscalationReport(query);
  const totals = report.data?.totals;
  return (
    <Card title={t('escalation.report')}>
      <Flex gap={12} wrap style={{ marginBottom: 16 }}>
        <DatePicker.RangePicker
          onChange={(value) => setRange(value?.[0] && value[1] ? [value[0], value[1]] : null)}
        />
        <Select
          allowClear
          placeholder={t('escalation.kind')}
          style={{ minWidth: 180 }}
          value={kind}
          onChange={setKind}
          options={[
            { value: 'functional', label: t('escalation.kindShort.functional') },
            { value: 'hierarchical', label: t('escalation.kindShort.hierarchical') },
          ]}
        />
        <Select
          allowClear
          placeholder={t('escalation.trigger')}
          style={{ minWidth: 180 }}
          value={trigger}
          onChange={setTrigger}
          options={(['manual', 'sla_breach', 'nudge'] as const).map((value) => ({
            value,
            label: t(`escalation.triggers.${value}`),
          }))}
        />
      </Flex>
      <ErrorAlert error={report.error} />
      {totals && (
        <Flex gap={32} wrap style={{ marginBottom: 16 }}>
          <Statistic title={t('escalation.total')} value={totals.all} />
          <Statistic title={t('escalation.kindShort.functional')} value={totals.functional} />
          <Statistic title={t('escalation.kindShort.hierarchical')} value={totals.hierarchical} />
          {(['manual', 'sla_breach', 'nudge'] as const).map((key) => (
            <Statistic key={key} title={t(`escalation.triggers.${key}`)} value={totals.byTrigger[key] ?? 0} />
          ))}
        </Flex>
      )}
      <Table<Escalation>
        rowKey="id"
        size="small"
        loading={report.isPending}
        dataSource={report.data?.items ?? []}
        data-testid="escalation-report"
        columns={[
          { key: 'at', title: t('escalation.at'), render: (_, e) => formatDateTime(e.createdAt), width: 150 },
          {
            key: 'ticket',
            title: t('ticket.number'),
            render: (_, e) => (
              <Link to={`/agent/tickets/${e.ticket.id}`}>
                {formatTicketNumber(e.ticket.number)} {e.ticket.subject}
              </Link>
            ),
          },
          {
            key: 'kind',
            title: t('escalation.kind'),
            render: (_, e) => (
              <Flex gap={4} wrap>
                <Tag color={e.kind === 'functional' ? 'blue' : 'purple'}>
                  {t(`escalation.kindShort.${e.kind}`)}
                </Tag>
                <Tag>{t(`escalation.triggers.${e.trigger}`)}</Tag>
              </Flex>
            ),
          },
          {
            key: 'teams',
            title: t('escalation.teams'),
            render: (_, e) => `${e.fromTeam?.name ?? '—'} → ${e.toTeam?.name ?? '—'}`,
          },
          {
            key: 'reason',
            dataIndex: 'reason',
            title: t('escalation.reason'),
            render: (reason: string) => systemText(t, reason),
          },
          { key: 'tried', dataIndex: 'tried', title: t('escalation.tried') },
          { key: 'owner', title: t('escalation.owner'), render: (_, e) => e.owner?.name ?? '—' },
        ]}
      />
    </Card>
  );
}
