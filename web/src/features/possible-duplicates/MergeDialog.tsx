import { ArrowRightOutlined } from '@ant-design/icons';
import { Card, Col, Descriptions, Modal, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import { useTicket } from '../../entities/ticket/api.ts';
import { StatusTag } from '../../entities/ticket/tags.tsx';
import { formatDateTime, formatTicketNumber } from '../../shared/lib/format.ts';

function TicketSide({
  ticket,
  title,
  testId,
}: {
  ticket: TicketDto | undefined;
  title: string;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={title} data-testid={testId} loading={!ticket}>
      {ticket && (
        <>
          <Typography.Paragraph strong style={{ marginBottom: 8 }}>
            {formatTicketNumber(ticket.number)} {ticket.subject}
          </Typography.Paragraph>
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('ticket.status')}>
              <StatusTag status={ticket.status} />
            </Descriptions.Item>
            <Descriptions.Item label={t('ticket.requester')}>{ticket.requester.name}</Descriptions.Item>
            <Descriptions.Item label={t('ticket.assignee')}>{ticket.assignee?.name ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('duplicates.createdAt')}>
              {formatDateTime(ticket.createdAt)}
            </Descriptions.Item>
          </Descriptions>
          <Typography.Paragraph type="secondary" ellipsis={{ rows: 3 }} style={{ marginBottom: 0 }}>
            {ticket.description}
          </Typography.Paragraph>
        </>
      )}
    </Card>
  );
}

/**
 * Merging cannot be undone by a click, so the agent sees both tickets side by side first:
 * this one is cancelled as a duplicate, the other carries on.
 */
export function MergeDialog({
  ticket,
  intoTicketId,
  pending,
  onConfirm,
  onClose,
}: {
  ticket: TicketDto;
  intoTicketId: number | null;
  pending: boolean;
  onConfirm: (intoTicketId: number) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const into = useTicket(intoTicketId ?? 0, intoTicketId !== null);
  return (
    <Modal
      open={intoTicketId !== null}
      width={820}
      title={t('duplicates.mergeTitle')}
      okText={t('duplicates.mergeOk')}
      okButtonProps={{ danger: true, disabled: !into.data, ...{ 'data-testid': 'merge-confirm' } }}
      confirmLoading={pending}
      onOk={() => intoTicketId !== null && onConfirm(intoTicketId)}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('duplicates.mergeExplain')}</Typography.Paragraph>
      <Row gutter={12} align="middle" wrap={false}>
        <Col flex="1">
          <TicketSide ticket={ticket} title={t('duplicates.mergeFrom')} testId="merge-from" />
        </Col>
        <Col flex="none">
          <ArrowRightOutlined style={{ fontSize: 20 }} />
        </Col>
        <Col flex="1">
          <TicketSide ticket={into.data} title={t('duplicates.mergeInto')} testId="merge-into" />
        </Col>
      </Row>
    </Modal>
  );
}
