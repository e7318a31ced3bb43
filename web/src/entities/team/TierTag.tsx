import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Tier } from '../../../../contracts/identity.ts';

export const TIERS: readonly Tier[] = ['L1', 'L2', 'L3'];

const isTier = (value: string): value is Tier => value === 'L1' || value === 'L2' || value === 'L3';

export function TierTag({ tier }: { tier: string }) {
  const { t } = useTranslation();
  return <Tag color="cyan">{isTier(tier) ? t(`tier.${tier}`) : tier}</Tag>;
}
