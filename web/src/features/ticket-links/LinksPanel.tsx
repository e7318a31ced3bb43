import { DeleteOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Popconfirm, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { LinkKind, TicketDto } from '../../../../contracts/tickets.ts';
import { useAddLink, useRemoveLink } from '../../entities/ticket/api.ts';
import { StatusTag } from '../../entities/ticket/tags.tsx';
import { formatTicketNumber } from '../../shared/lib/format.ts';
import { errorText } from '../../shared/ui/errors.ts';
import { TicketPicker } from './TicketPicker.tsx';

const KINDS: readonly LinkKind[] = ['related', 'duplicate_of', 'parent'];

/** Duplicate of, related to, parent of: the ticket's relations, both ways. */
export function LinksPanel({ ticket }: { ticket: TicketDto }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [kind, setKind] = useState<LinkKind>('related');
  const [targetId, setTargetId] = useState<number | undefined>();
  const add = useAddLink(ticket.id);
  const remove = useRemoveLink(ticket.id);

  const onAdd = () => {
    if (!targetId) return;
    add.mutate(
      { kind, targetId },
      {
        onSuccess: () => {
          setTargetId(undefined);
          message.success(t('links.added'));
        },
        onError: (error) => message.error(errorText(t, error)),
      },
    );
  };

  return (
    <Card size="small" title={t('links.title')} data-testid="links-panel">
      <Flex vertical gap={8}>
        {ticket.links.length === 0 && <Typography.Text type="secondary">{t('links.empty')}</Typography.Text>}
        {ticket.links.map((link) => (
          <Flex key={link.id} justify="space-between" align="center" gap={8} data-testid="link-item">
            <Space size={4} wrap>
              <Typography.Text type="secondary">
                {link.direction === 'outgoing'
                  ? t(`linkKind.${link.kind}`)
                  : t(`linkKindIncoming.${link.kind}`)}
              </Typography.Text>
              <Link to={`/agent/tickets/${link.ticket.id}`}>
                {formatTicketNumber(link.ticket.number)} {link.ticket.subject}
              </Link>
              <StatusTag status={link.ticket.status} />
            </Space>
            <Popconfirm
              title={t('links.removeConfirm')}
              onConfirm={() =>
                remove.mutate(link.id, { onError: (error) => message.error(errorText(t, error)) })
              }
            >
              <Button
                size="small"
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('common.delete')}
              />
            </Popconfirm>
          </Flex>
        ))}
        <Select<LinkKind>
          value={kind}
          onChange={setKind}
          options={KINDS.map((value) => ({ value, label: t(`linkKind.${value}`) }))}
          data-testid="link-kind"
        />
        <TicketPicker value={targetId} onChange={setTargetId} excludeId={ticket.id} />
        <Button onClick={onAdd} disabled={!targetId} loading={add.isPending} data-testid="link-add">
          {t('links.add')}
        </Button>
      </Flex>
    </Card>
  );
}
