import { formatSecondsShort } from '../../shared/lib/format.ts';

/** A duration in seconds, short and in the reader's language: 45 分钟, 3.5 小时, 2.1 天. */
export function formatDuration(seconds: number | null | undefined): string {
  return formatSecondsShort(seconds);
}

export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return '—';
  return `${(rate * 100).toFixed(1)}%`;
}

export function formatScore(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : value.toFixed(2);
}
