import { Card, Descriptions, type DescriptionsProps, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import { formatDateTime } from '../../shared/lib/format.ts';
import { ImContactLink } from '../im-contacts/ImContactLink.tsx';
import { TicketTags } from '../ticket-tags/TicketTags.tsx';

const text = (value: string | null) =>
  value ? <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{value}</Typography.Text> : '—';

/** What the requester told us (IN-2), and when things happened. */
export function TicketFacts({
  ticket,
  columns = 2,
  editTags = false,
}: {
  ticket: TicketDto;
  columns?: 1 | 2;
  /** Agents: the ticket's tags, editable (requesters never see tags). */
  editTags?: boolean;
}) {
  const { t } = useTranslation();
  const items: DescriptionsProps['items'] = [
    {
      key: 'description',
      label: t('ticket.description'),
      children: text(ticket.description),
      span: 'filled',
    },
    {
      key: 'requester',
      label: t('ticket.requester'),
      children: (
        <>
          {`${ticket.requester.name} <${ticket.requester.email}>`}{' '}
          <ImContactLink requester={ticket.requester} />
        </>
      ),
    },
    { key: 'channel', label: t('ticket.channel'), children: t(`channel.${ticket.channel}`) },
    { key: 'category', label: t('ticket.category'), children: ticket.category ?? '—' },
    { key: 'impact', label: t('ticket.impact'), children: t(`impact.${ticket.impact}`) },
    { key: 'urgency', label: t('ticket.urgency'), children: t(`urgency.${ticket.urgency}`) },
    { key: 'errorCode', label: t('ticket.errorCode'), children: text(ticket.errorCode) },
    { key: 'occurredAt', label: t('ticket.occurredAt'), children: formatDateTime(ticket.occurredAt) },
    {
      key: 'environment',
      label: t('ticket.environment'),
      children: text(ticket.environment),
      span: 'filled',
    },
    { key: 'stepsTried', label: t('ticket.stepsTried'), children: text(ticket.stepsTried), span: 'filled' },
    {
      key: 'businessImpact',
      label: t('ticket.businessImpact'),
      children: text(ticket.businessImpact),
      span: 'filled',
    },
    { key: 'team', label: t('ticket.team'), children: ticket.team?.name ?? '—' },
    { key: 'assignee', label: t('ticket.assignee'), children: ticket.assignee?.name ?? '—' },
    ...(editTags
      ? [
          {
            key: 'tags',
            label: t('automationRules.ticketTags'),
            children: <TicketTags ticket={ticket} />,
            span: 'filled' as const,
          },
        ]
      : []),
    { key: 'createdAt', label: t('ticket.createdAt'), children: formatDateTime(ticket.createdAt) },
    { key: 'updatedAt', label: t('ticket.updatedAt'), children: formatDateTime(ticket.updatedAt) },
  ];
  if (ticket.resolvedAt) {
    items.push({
      key: 'resolvedAt',
      label: t('ticket.resolvedAt'),
      children: formatDateTime(ticket.resolvedAt),
    });
  }
  if (ticket.closedAt) {
    items.push({ key: 'closedAt', label: t('ticket.closedAt'), children: formatDateTime(ticket.closedAt) });
  }
  if (ticket.reopenCount > 0) {
    items.push({ key: 'reopenCount', label: t('ticket.reopenCount'), children: ticket.reopenCount });
  }
  return (
    <Card size="small" title={t('detail.facts')}>
      <Descriptions size="small" column={{ xs: 1, md: columns }} items={items} data-testid="ticket-facts" />
    </Card>
  );
}
