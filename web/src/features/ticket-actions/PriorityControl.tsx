import { Button, Flex, Input, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Priority, TicketDto } from '../../../../contracts/tickets.ts';
import { ticketOptions } from '../../entities/ticket/options.ts';
import { systemText } from '../../entities/ticket/system-text.ts';
import { PriorityTag } from '../../entities/ticket/tags.tsx';
import { useTicketPatch } from './useTicketPatch.ts';

/** Priority comes from impact x urgency; an agent may override it, and must say why (CL-3). */
export function PriorityControl({ ticket }: { ticket: TicketDto }) {
  const { t } = useTranslation();
  const { patch, pending } = useTicketPatch(ticket.id);
  const [priority, setPriority] = useState<Priority | undefined>();
  const [reason, setReason] = useState('');

  const override = async () => {
    if (!priority || !reason.trim()) return;
    if (await patch({ priority, priorityReason: reason.trim() })) {
      setPriority(undefined);
      setReason('');
    }
  };

  return (
    <Flex vertical gap={8} data-testid="priority-control">
      <Space wrap>
        <PriorityTag priority={ticket.priority} overridden={ticket.priorityOverridden} />
        <Typography.Text type="secondary">
          {ticket.priorityOverridden ? t('detail.priorityOverridden') : t('detail.priorityFromMatrix')}
        </Typography.Text>
      </Space>
      {ticket.priorityOverridden && ticket.priorityReason && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('ticket.priorityReason')}: {systemText(t, ticket.priorityReason)}
        </Typography.Text>
      )}
      <Space.Compact style={{ width: '100%' }}>
        <Select<Priority>
          placeholder={t('detail.overrideTo')}
          value={priority}
          onChange={setPriority}
          options={ticketOptions
            .priority()
            .filter((option) => option.value !== ticket.priority || !ticket.priorityOverridden)}
          style={{ width: 110 }}
          data-testid="priority-select"
        />
        <Input
          placeholder={t('detail.overrideReason')}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          maxLength={500}
          data-testid="priority-reason"
        />
      </Space.Compact>
      <Space wrap>
        <Button
          size="small"
          type="primary"
          onClick={() => void override()}
          disabled={!priority || !reason.trim()}
          loading={pending}
          data-testid="priority-override"
        >
          {t('detail.override')}
        </Button>
        {ticket.priorityOverridden && (
          <Button
            size="small"
            onClick={() => void patch({ priority: null })}
            loading={pending}
            data-testid="priority-reset"
          >
            {t('detail.resetToMatrix')}
          </Button>
        )}
      </Space>
    </Flex>
  );
}
