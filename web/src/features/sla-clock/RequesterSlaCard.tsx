import { Button, Card, Descriptions, Modal, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import { type Commitment, useCommitments } from '../../entities/sla/api.ts';
import { formatDateTime, formatMinutesSpan } from '../../shared/lib/format.ts';

/** Service-level targets count business time. */
const BUSINESS = { businessTime: true } as const;

const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;

function CommitmentsTable({ items }: { items: Commitment[] }) {
  const { t } = useTranslation();
  const minutes = (value: number | undefined) =>
    value === undefined ? '—' : formatMinutesSpan(value, BUSINESS);
  const rows = items.flatMap((commitment) =>
    PRIORITIES.filter((p) => commitment.targets[p]).map((priority) => ({
      key: `${commitment.policyName}-${priority}`,
      policy: commitment.policyName,
      hours: commitment.calendarName ?? t('sla.roundTheClock'),
      priority,
      ...commitment.targets[priority],
    })),
  );
  return (
    <Table
      size="small"
      pagination={false}
      dataSource={rows}
      columns={[
        { key: 'policy', dataIndex: 'policy', title: t('sla.policy') },
        { key: 'hours', dataIndex: 'hours', title: t('sla.calendar') },
        { key: 'priority', dataIndex: 'priority', title: t('ticket.priority') },
        {
          key: 'fr',
          title: t('sla.clock.firstResponse'),
          render: (_, row) => minutes(row.firstResponseMinutes),
        },
        { key: 'nu', title: t('sla.clock.nextUpdate'), render: (_, row) => minutes(row.updateMinutes) },
        { key: 'res', title: t('sla.clock.resolution'), render: (_, row) => minutes(row.resolutionMinutes) },
      ]}
    />
  );
}

/** What the desk has committed to for this ticket, and every published commitment (SL-4). */
export function RequesterSlaCard({ ticket }: { ticket: TicketDto }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const commitments = useCommitments();
  const sla = ticket.sla;
  return (
    <Card
      size="small"
      title={t('sla.commitments')}
      data-testid="requester-sla"
      extra={
        <Button size="small" type="link" onClick={() => setOpen(true)}>
          {t('sla.allCommitments')}
        </Button>
      }
    >
      {!sla || sla.policyId === null ? (
        <Typography.Text type="secondary">{t('sla.noPolicy')}</Typography.Text>
      ) : (
        <Descriptions size="small" column={1}>
          {sla.firstResponse && (
            <Descriptions.Item label={t('sla.clock.firstResponse')}>
              {sla.firstResponse.state === 'met' || sla.firstResponse.state === 'breached'
                ? t(`sla.state.${sla.firstResponse.state}`)
                : t('sla.within', {
                    target: formatMinutesSpan(sla.firstResponse.targetMinutes, BUSINESS),
                    due: formatDateTime(sla.firstResponse.dueAt),
                  })}
            </Descriptions.Item>
          )}
          {sla.resolution && (
            <Descriptions.Item label={t('sla.clock.resolution')}>
              {/* A resolved or closed ticket says how the target ended, not the target again. */}
              {sla.resolution.state === 'met' || sla.resolution.state === 'breached'
                ? t(`sla.state.${sla.resolution.state}`)
                : sla.resolution.state === 'paused'
                  ? ticket.status === 'pending_requester'
                    ? t('sla.pausedForYou')
                    : t('sla.pausedWaiting', { status: t(`status.${ticket.status}`) })
                  : t('sla.within', {
                      target: formatMinutesSpan(sla.resolution.targetMinutes, BUSINESS),
                      due: formatDateTime(sla.resolution.dueAt),
                    })}
            </Descriptions.Item>
          )}
        </Descriptions>
      )}
      <Modal
        open={open}
        onCancel={() => setOpen(false)}
        footer={null}
        title={t('sla.allCommitments')}
        width={760}
      >
        <Typography.Paragraph type="secondary">{t('sla.businessTimeHint')}</Typography.Paragraph>
        <CommitmentsTable items={commitments.data ?? []} />
      </Modal>
    </Card>
  );
}
