import type { TFunction } from 'i18next';
import type { AssetTypeDto } from '../../../../contracts/assets.ts';

/** A type's name in the reader's language (its key when the type is not known). */
export function typeLabel(types: readonly AssetTypeDto[] | undefined, key: string, language: string): string {
  const type = types?.find((t) => t.key === key);
  if (!type) return key;
  return language.startsWith('zh') ? type.label['zh-CN'] : type.label.en;
}

export const statusLabel = (t: TFunction, status: string) =>
  t(`assets.status.${status}`, { defaultValue: status });
export const criticalityLabel = (t: TFunction, value: string) =>
  t(`assets.criticality.${value}`, { defaultValue: value });

export const CRITICALITY_COLORS: Record<string, string> = {
  low: 'default',
  medium: 'blue',
  high: 'orange',
  critical: 'red',
};
