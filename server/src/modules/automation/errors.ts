import type { ErrorEntry } from '../../platform/http/errors.ts';

/** The automation module's error codes: status, and the message in both interface languages. */
export const automationErrors = {
  'automation.rule_not_found': {
    status: 404,
    en: 'Automation rule not found.',
    zh: '自动化规则不存在。',
  },
  'automation.runbooks_unavailable': {
    status: 409,
    en: 'Runbooks are not available on this server; the rule cannot start one.',
    zh: '本服务器未启用运行手册，规则无法启动运行手册。',
  },
  'automation.user_not_found': {
    status: 400,
    en: 'The person to notify does not exist or is inactive.',
    zh: '要通知的人员不存在或已停用。',
  },
  'automation.calendar_not_found': {
    status: 400,
    en: 'No such business calendar.',
    zh: '工作日历不存在。',
  },
} as const satisfies Record<string, ErrorEntry>;

type AutomationErrors = typeof automationErrors;

declare module '../../platform/http/errors.ts' {
  interface ErrorCodes extends AutomationErrors {}
}
