import type { ErrorEntry } from '../../platform/http/errors.ts';

/** The changes module's error codes: status, and the message in both interface languages. */
export const changeErrors = {
  'change.not_found': { status: 404, en: 'Change not found.', zh: '变更不存在。' },
  'change.template_not_found': {
    status: 400,
    en: 'No active standard change template {id}.',
    zh: '标准变更模板 {id} 不存在或已停用。',
  },
  'change.template_required': {
    status: 400,
    en: 'A standard change is made from a pre-approved template: name its templateId.',
    zh: '标准变更须基于预先批准的模板：请提供 templateId。',
  },
  'change.invalid_transition': {
    status: 409,
    en: 'A change that is {from} cannot become {to}.',
    zh: '处于“{from}”状态的变更不能变为“{to}”。',
  },
  'change.not_editable': {
    status: 409,
    en: 'A change can be edited only before it is approved (it is {status}).',
    zh: '变更只能在批准前修改（当前状态：{status}）。',
  },
  'change.bad_window': {
    status: 400,
    en: 'The planned end must come after the planned start.',
    zh: '计划结束时间必须晚于计划开始时间。',
  },
  'change.freeze_conflict': {
    status: 409,
    en: 'The change is planned inside the freeze window "{name}" ({startsAt} – {endsAt}); only an emergency change may be, with the freeze approval.',
    zh: '变更计划时间落在封网期“{name}”（{startsAt} – {endsAt}）内；只有紧急变更经封网审批后可以实施。',
  },
  'change.freeze_approval_required': {
    status: 400,
    en: 'This emergency change is planned inside the freeze window "{name}": name the freeze approvers (freezeApproverIds).',
    zh: '该紧急变更计划在封网期“{name}”内：请指定封网审批人（freezeApproverIds）。',
  },
  'change.approvers_required': {
    status: 400,
    en: 'A normal or emergency change needs CAB approvers.',
    zh: '常规变更和紧急变更须指定变更咨询委员会（CAB）审批人。',
  },
  'change.risk_reason_required': {
    status: 400,
    en: 'Say why the risk is overridden (riskReason).',
    zh: '调整风险等级须填写原因（riskReason）。',
  },
  'change.ticket_not_found': {
    status: 400,
    en: 'No ticket {id}.',
    zh: '工单 {id} 不存在。',
  },
  'change.freeze_not_found': { status: 404, en: 'Freeze window not found.', zh: '封网期不存在。' },
  'change.bad_freeze_window': {
    status: 400,
    en: 'A freeze window ends after it starts.',
    zh: '封网期的结束时间必须晚于开始时间。',
  },
  'change.bad_calendar_window': {
    status: 400,
    en: 'The calendar window must end after it starts and span at most {days} days.',
    zh: '日历时间范围的结束须晚于开始，且不超过 {days} 天。',
  },
} as const satisfies Record<string, ErrorEntry>;

type ChangeErrors = typeof changeErrors;

declare module '../../platform/http/errors.ts' {
  interface ErrorCodes extends ChangeErrors {}
}
