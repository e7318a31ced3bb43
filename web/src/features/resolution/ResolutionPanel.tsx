import { App, Button, Card, Descriptions, Flex, Input, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResolutionDto } from '../../../../contracts/resolution.ts';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import { useConfirmResolution, useResolutions } from '../../entities/feedback/api.ts';
import { formatDateTime } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';

const OUTCOME_COLORS: Record<ResolutionDto['outcome'], string> = {
  pending: 'processing',
  confirmed: 'success',
  rejected: 'error',
  auto_closed: 'default',
  closed_by_staff: 'default',
  reopened_by_staff: 'warning',
};

function ResolutionReport({
  resolution,
  testId = 'resolution-report',
}: {
  resolution: ResolutionDto;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <div data-testid={testId}>
      <Flex gap={8} wrap style={{ marginBottom: 8 }}>
        <Tag color={OUTCOME_COLORS[resolution.outcome]}>
          {t(`feedback.resolution.outcome.${resolution.outcome}`)}
        </Tag>
        {resolution.firstContact && <Tag color="green">{t('feedback.resolution.firstContact')}</Tag>}
        <Typography.Text type="secondary">
          {t('feedback.resolution.by', {
            name: resolution.resolvedBy.name,
            at: formatDateTime(resolution.resolvedAt),
          })}
        </Typography.Text>
      </Flex>
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('feedback.resolution.code')}>
          {resolution.resolutionLabel}
        </Descriptions.Item>
        <Descriptions.Item label={t('feedback.resolution.rootCause')}>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
            {resolution.rootCause}
          </Typography.Paragraph>
        </Descriptions.Item>
        <Descriptions.Item label={t('feedback.resolution.actions')}>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
            {resolution.actions}
          </Typography.Paragraph>
        </Descriptions.Item>
        <Descriptions.Item label={t('feedback.resolution.prevention')}>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
            {resolution.prevention}
          </Typography.Paragraph>
        </Descriptions.Item>
      </Descriptions>
      {resolution.outcomeComment && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          “{resolution.outcomeComment}”
        </Typography.Paragraph>
      )}
    </div>
  );
}

/** The requester confirms the fix or says it is not fixed (RS-2). */
function ConfirmButtons({
  ticket,
  resolution,
}: {
  ticket: TicketDto;
  resolution: ResolutionDto | undefined;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [comment, setComment] = useState('');
  const [rejecting, setRejecting] = useState(false);
  const confirm = useConfirmResolution(ticket.id);
  const send = async (fixed: boolean) => {
    await confirm.mutateAsync({ fixed, ...(comment.trim() ? { comment: comment.trim() } : {}) });
    message.success(t(fixed ? 'feedback.resolution.confirmed' : 'feedback.resolution.reopened'));
    setComment('');
    setRejecting(false);
  };
  return (
    <Flex vertical gap={8} style={{ marginTop: 12 }}>
      <Typography.Text strong>{t('feedback.resolution.askConfirm')}</Typography.Text>
      {resolution?.autoCloseAt && (
        <Typography.Text type="secondary">
          {t('feedback.resolution.autoClose', { at: formatDateTime(resolution.autoCloseAt) })}
        </Typography.Text>
      )}
      <ErrorAlert error={confirm.error} />
      {rejecting && (
        <Input.TextArea
          rows={2}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          placeholder={t('feedback.resolution.notFixedComment')}
          data-testid="confirm-comment"
        />
      )}
      <Space wrap>
        <Button
          type="primary"
          loading={confirm.isPending}
          onClick={() => void send(true)}
          data-testid="confirm-fixed"
        >
          {t('feedback.resolution.confirm')}
        </Button>
        <Button
          danger
          loading={confirm.isPending}
          // "Not fixed" needs the reason: it becomes the requester's message to the agent.
          disabled={rejecting && !comment.trim()}
          onClick={() => (rejecting ? void send(false) : setRejecting(true))}
          data-testid="confirm-not-fixed"
        >
          {t('feedback.resolution.notFixed')}
        </Button>
      </Space>
    </Flex>
  );
}

/** The resolution reports of a ticket; the requester answers the newest one while it waits on them. */
export function ResolutionPanel({ ticket, asRequester }: { ticket: TicketDto; asRequester: boolean }) {
  const { t } = useTranslation();
  const resolutions = useResolutions(ticket.id);
  const items = resolutions.data?.items ?? [];
  const [latest, ...earlier] = items;
  if (!latest && !(asRequester && ticket.status === 'resolved')) return null;
  return (
    <Card size="small" title={t('feedback.resolution.title')} data-testid="resolution-panel">
      <ErrorAlert error={resolutions.error} />
      {latest && <ResolutionReport resolution={latest} />}
      {asRequester && ticket.status === 'resolved' && <ConfirmButtons ticket={ticket} resolution={latest} />}
      {earlier.length > 0 && (
        <details style={{ marginTop: 12 }}>
          <summary>{earlier.length} ×</summary>
          <Flex vertical gap={12} style={{ marginTop: 8 }}>
            {earlier.map((r) => (
              <ResolutionReport key={r.id} resolution={r} testId="resolution-report-earlier" />
            ))}
          </Flex>
        </details>
      )}
    </Card>
  );
}
