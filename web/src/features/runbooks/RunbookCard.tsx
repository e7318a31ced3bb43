import { ThunderboltOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Popconfirm, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import { runbookFailureText } from '../../entities/runbook/failure-text.ts';
import { formatDateTime } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { errorText } from '../../shared/ui/errors.ts';
import { useRunbookChoices, useStartRunbook, useTicketRunbookRuns } from './api.ts';
import { RunStatusTag } from './RunStatusTag.tsx';

const FINAL = ['closed', 'cancelled'];

/** On the agent's ticket page: run a runbook, and each run's state and result. */
export function RunbookCard({ ticket }: { ticket: TicketDto }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const runs = useTicketRunbookRuns(ticket.id);
  const open = !FINAL.includes(ticket.status);
  const choices = useRunbookChoices(open);
  const start = useStartRunbook(ticket.id);
  const [picked, setPicked] = useState<number | null>(null);
  const choice = (choices.data ?? []).find((item) => item.id === picked);
  const items = [...(runs.data ?? [])].reverse();
  if (!open && items.length === 0) return null;
  return (
    <Card size="small" title={t('runbooks.card.title')} data-testid="runbook-card">
      <Flex vertical gap={8}>
        <ErrorAlert error={runs.error ?? choices.error} />
        {open && (
          <Flex gap={8} wrap>
            <Select
              style={{ flex: 1, minWidth: 160 }}
              placeholder={t('runbooks.card.pick')}
              value={picked}
              onChange={setPicked}
              options={(choices.data ?? []).map((item) => ({ value: item.id, label: item.name }))}
              data-testid="runbook-pick"
            />
            <Popconfirm
              title={
                choice?.requiresApproval ? t('runbooks.card.confirmApproval') : t('runbooks.card.confirm')
              }
              disabled={picked === null}
              onConfirm={() =>
                picked !== null &&
                start.mutate(picked, {
                  onSuccess: (run) => {
                    setPicked(null);
                    message.success(
                      run.status === 'awaiting_approval'
                        ? t('runbooks.card.waiting')
                        : t('runbooks.card.started'),
                    );
                  },
                  onError: (error) => message.error(errorText(t, error)),
                })
              }
            >
              <Button
                type="primary"
                icon={<ThunderboltOutlined />}
                disabled={picked === null}
                loading={start.isPending}
                data-testid="runbook-run"
              >
                {t('runbooks.card.run')}
              </Button>
            </Popconfirm>
          </Flex>
        )}
        {choice?.description && <Typography.Text type="secondary">{choice.description}</Typography.Text>}
        {items.length === 0 ? (
          <Typography.Text type="secondary">{t('runbooks.card.none')}</Typography.Text>
        ) : (
          <Flex vertical gap={8} data-testid="runbook-runs">
            {items.slice(0, 5).map((run) => (
              <Flex key={run.id} vertical gap={2} data-testid={`runbook-run-${run.id}`}>
                <Flex gap={8} align="center" wrap>
                  <Typography.Text strong>{run.runbookName}</Typography.Text>
                  <RunStatusTag status={run.status} />
                </Flex>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(run.createdAt)}
                  {run.requestedBy ? ` · ${run.requestedBy.name}` : ''}
                  {run.attempts > 0
                    ? ` · ${t('runbooks.card.attempts', { n: run.attempts, max: run.maxAttempts })}`
                    : ''}
                  {run.responseStatus !== null ? ` · HTTP ${run.responseStatus}` : ''}
                  {run.durationMs !== null ? ` · ${t('runbooks.card.duration', { ms: run.durationMs })}` : ''}
                </Typography.Text>
                {run.nextAttemptAt && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('runbooks.card.retryAt', { at: formatDateTime(run.nextAttemptAt) })}
                  </Typography.Text>
                )}
                {(run.failure || run.error) && (
                  <Typography.Text type="danger" style={{ fontSize: 12 }}>
                    {runbookFailureText(t, run.failure, run.error)}
                  </Typography.Text>
                )}
                {run.output && (
                  <Typography.Paragraph
                    code
                    ellipsis={{ rows: 3, expandable: true, symbol: t('runbooks.card.more') }}
                    style={{ marginBottom: 0, fontSize: 12, wordBreak: 'break-all' }}
                    data-testid="runbook-run-output"
                  >
                    {run.output}
                  </Typography.Paragraph>
                )}
              </Flex>
            ))}
          </Flex>
        )}
      </Flex>
    </Card>
  );
}
