import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ProblemStatus } from '../../../../contracts/problems.ts';

export const PROBLEM_STATUS_COLOR: Record<ProblemStatus, string> = {
  new: 'blue',
  investigating: 'gold',
  known_error: 'volcano',
  resolved: 'green',
  closed: 'default',
};

export function ProblemStatusTag({ status }: { status: ProblemStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={PROBLEM_STATUS_COLOR[status]} data-testid="problem-status">
      {t(`problems.mgmt.status.${status}`)}
    </Tag>
  );
}
