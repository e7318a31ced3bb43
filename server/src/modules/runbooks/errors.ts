import type { ErrorEntry } from '../../platform/http/errors.ts';

/** The runbooks module's error codes: status, and the message in both interface languages. */
export const runbookErrors = {
  'runbook.not_found': {
    status: 404,
    en: 'Runbook not found.',
    zh: '运行手册不存在。',
  },
  'runbook.inactive': {
    status: 409,
    en: 'This runbook is switched off and cannot be run.',
    zh: '该运行手册已停用，无法运行。',
  },
  'runbook.approver_invalid': {
    status: 400,
    en: 'Approver {id} is not an active staff member.',
    zh: '审批人 {id} 不是在职的服务台人员。',
  },
  'runbook.ticket_closed': {
    status: 409,
    en: 'The ticket is closed; no runbook can be run on it.',
    zh: '工单已关闭，无法在其上运行手册。',
  },
  'runbook.invalid_target': {
    status: 400,
    en: 'The runbook cannot be sent: {detail}',
    zh: '无法发送该运行手册：{detail}',
  },
} as const satisfies Record<string, ErrorEntry>;

type RunbookErrors = typeof runbookErrors;

declare module '../../platform/http/errors.ts' {
  interface ErrorCodes extends RunbookErrors {}
}
