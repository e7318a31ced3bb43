import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ChangeRisk, ChangeStatus, ChangeType } from '../../../../contracts/changes.ts';

export const STATUS_COLOR: Record<ChangeStatus, string> = {
  draft: 'default',
  submitted: 'processing',
  approved: 'cyan',
  rejected: 'error',
  scheduled: 'blue',
  implementing: 'purple',
  implemented: 'success',
  failed: 'error',
  rolled_back: 'warning',
  reviewed: 'default',
};

export const RISK_COLOR: Record<ChangeRisk, string> = {
  low: 'green',
  medium: 'gold',
  high: 'orange',
  critical: 'red',
};

export const TYPE_COLOR: Record<ChangeType, string> = {
  standard: 'geekblue',
  normal: 'default',
  emergency: 'volcano',
};

export function ChangeStatusTag({ status }: { status: ChangeStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOR[status]} data-testid="change-status">
      {t(`changes.status.${status}`)}
    </Tag>
  );
}

export function ChangeRiskTag({ risk }: { risk: ChangeRisk }) {
  const { t } = useTranslation();
  return (
    <Tag color={RISK_COLOR[risk]} data-testid="change-risk">
      {t(`changes.risk.${risk}`)}
    </Tag>
  );
}

export function ChangeTypeTag({ type }: { type: ChangeType }) {
  const { t } = useTranslation();
  return <Tag color={TYPE_COLOR[type]}>{t(`changes.type.${type}`)}</Tag>;
}
