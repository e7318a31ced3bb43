import type { ErrorEntry } from '../../platform/http/errors.ts';

/** The reports module's error codes: status, and the message in both interface languages. */
export const reportErrors = {
  'report.invalid_period': {
    status: 400,
    en: 'The period must end after it starts.',
    zh: '统计周期的结束时间必须晚于开始时间。',
  },
  'report.period_too_long': {
    status: 400,
    en: 'The period is longer than {max} days.',
    zh: '统计周期不能超过 {max} 天。',
  },
} as const satisfies Record<string, ErrorEntry>;

type ReportErrors = typeof reportErrors;

declare module '../../platform/http/errors.ts' {
  interface ErrorCodes extends ReportErrors {}
}
