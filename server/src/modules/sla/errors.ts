import type { ErrorEntry } from '../../platform/http/errors.ts';

/** The sla module's error codes: status, and the message in both interface languages. */
export const slaErrors = {
  'sla.calendar_not_found': { status: 404, en: 'Business calendar not found.', zh: '工作日历不存在。' },
  'sla.calendar_name_taken': {
    status: 409,
    en: 'A calendar with this name exists.',
    zh: '工作日历名称已存在。',
  },
  'sla.calendar_in_use': {
    status: 409,
    en: 'The calendar is used by {count} policies, vendors or agents.',
    zh: '该工作日历正被 {count} 个策略、供应商或坐席使用。',
  },
  'sla.ical_invalid': {
    status: 400,
    en: 'No calendar events (VEVENT with DTSTART) were found in the file.',
    zh: '文件中没有可识别的日历事件（含 DTSTART 的 VEVENT）。',
  },
  'sla.policy_not_found': { status: 404, en: 'SLA policy not found.', zh: 'SLA 策略不存在。' },
  'sla.vendor_not_found': { status: 404, en: 'Vendor not found.', zh: '供应商不存在。' },
  'sla.vendor_name_taken': { status: 409, en: 'A vendor with this name exists.', zh: '供应商名称已存在。' },
  'sla.handoff_open': {
    status: 409,
    en: 'The ticket is already with a vendor.',
    zh: '该工单已转交供应商处理。',
  },
  'sla.handoff_not_found': { status: 404, en: 'Vendor hand-over not found.', zh: '供应商转交记录不存在。' },
} as const satisfies Record<string, ErrorEntry>;

type SlaErrors = typeof slaErrors;

declare module '../../platform/http/errors.ts' {
  interface ErrorCodes extends SlaErrors {}
}
