import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RunbookRunStatus } from '../../../../contracts/runbooks.ts';

const COLORS: Record<RunbookRunStatus, string> = {
  awaiting_approval: 'gold',
  queued: 'blue',
  sending: 'processing',
  succeeded: 'green',
  failed: 'red',
  rejected: 'volcano',
  expired: 'default',
  cancelled: 'default',
};

export function RunStatusTag({ status }: { status: RunbookRunStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status]} data-testid="runbook-run-status">
      {t(`runbooks.status.${status}`)}
    </Tag>
  );
}
