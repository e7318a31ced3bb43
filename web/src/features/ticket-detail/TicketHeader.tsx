import { Flex, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import { PriorityTag, StatusTag, TypeTag } from '../../entities/ticket/tags.tsx';
import { formatTicketNumber } from '../../shared/lib/format.ts';

export function TicketHeader({ ticket, extra }: { ticket: TicketDto; extra?: ReactNode }) {
  return (
    <Flex justify="space-between" align="flex-start" wrap gap={12} style={{ marginBottom: 16 }}>
      <div>
        <Space size={8} wrap>
          <Typography.Text type="secondary" style={{ fontSize: 16 }} data-testid="ticket-number">
            {formatTicketNumber(ticket.number)}
          </Typography.Text>
          <TypeTag type={ticket.type} />
          <StatusTag status={ticket.status} />
          <PriorityTag priority={ticket.priority} overridden={ticket.priorityOverridden} />
        </Space>
        <Typography.Title level={3} style={{ margin: '4px 0 0' }} data-testid="ticket-subject">
          {ticket.subject}
        </Typography.Title>
      </div>
      {extra}
    </Flex>
  );
}
