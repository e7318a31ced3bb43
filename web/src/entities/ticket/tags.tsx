import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Channel, Priority, TicketStatus, TicketType } from '../../../../contracts/tickets.ts';

const statusColors: Record<TicketStatus, string> = {
  new: 'blue',
  open: 'cyan',
  in_progress: 'processing',
  pending_requester: 'orange',
  pending_vendor: 'gold',
  pending_approval: 'purple',
  resolved: 'green',
  closed: 'default',
  cancelled: 'default',
};

export function StatusTag({ status }: { status: TicketStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColors[status]} data-testid="status-tag" data-status={status}>
      {t(`status.${status}`)}
    </Tag>
  );
}

const priorityColors: Record<Priority, string> = { P1: 'red', P2: 'volcano', P3: 'blue', P4: 'default' };

export function PriorityTag({ priority, overridden }: { priority: Priority; overridden?: boolean }) {
  const { t } = useTranslation();
  const tag = (
    <Tag color={priorityColors[priority]} data-testid="priority-tag">
      {priority}
      {overridden ? ' *' : ''}
    </Tag>
  );
  return overridden ? <Tooltip title={t('detail.priorityOverridden')}>{tag}</Tooltip> : tag;
}

export function TypeTag({ type }: { type: TicketType }) {
  const { t } = useTranslation();
  return (
    <Tag color={type === 'incident' ? 'magenta' : type === 'service_request' ? 'purple' : 'geekblue'}>
      {t(`type.${type}`)}
    </Tag>
  );
}

export function ChannelLabel({ channel }: { channel: Channel }) {
  const { t } = useTranslation();
  return <span>{t(`channel.${channel}`)}</span>;
}
