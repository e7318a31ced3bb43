import type { ErrorEntry } from '../../platform/http/errors.ts';

/** The alerts module's error codes: status, and the message in both interface languages. */
export const alertErrors = {
  'alert_source.not_found': { status: 404, en: 'Alert source not found.', zh: '告警来源不存在。' },
  'alert_source.unauthorized': {
    status: 401,
    en: 'The alert source token is missing or wrong, or the source is deactivated.',
    zh: '告警来源令牌缺失或错误，或该来源已停用。',
  },
  'alert_source.mapping_required': {
    status: 400,
    en: 'A generic alert source needs a field mapping (dedupe key and title at least).',
    zh: '通用告警来源需要字段映射（至少包括去重键和标题）。',
  },
} as const satisfies Record<string, ErrorEntry>;

type AlertErrors = typeof alertErrors;

declare module '../../platform/http/errors.ts' {
  interface ErrorCodes extends AlertErrors {}
}
