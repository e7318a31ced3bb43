import type { ErrorEntry } from '../../platform/http/errors.ts';

/** The approvals module's error codes: status, and the message in both interface languages. */
export const approvalErrors = {
  'approval.not_found': { status: 404, en: 'Approval not found.', zh: '审批不存在。' },
  'approval.not_approver': {
    status: 403,
    en: 'You are not an approver of this approval.',
    zh: '您不是此审批的审批人。',
  },
  'approval.ended': {
    status: 409,
    en: 'This approval has already ended ({status}); it can no longer be decided.',
    zh: '此审批已结束（{status}），不能再审批。',
  },
  'approval.already_decided': {
    status: 409,
    en: 'You have already decided on this approval.',
    zh: '您已对此审批做出决定。',
  },
  'approval.not_your_turn': {
    status: 409,
    en: 'This approval goes in order; it is not your turn yet.',
    zh: '此审批为依次审批，尚未轮到您。',
  },
  'approval.bad_approvers': {
    status: 400,
    en: 'The approvers must be active people, each named once: {detail}',
    zh: '审批人必须是有效用户且不能重复：{detail}',
  },
  'approval.bad_deadline': {
    status: 400,
    en: 'The deadline must be in the future.',
    zh: '截止时间必须晚于当前时间。',
  },
  'approval.ticket_closed': {
    status: 409,
    en: 'The ticket is closed; no approval can be asked on it.',
    zh: '工单已关闭，无法发起审批。',
  },
  'approval.link_invalid': {
    status: 400,
    en: 'This approval link is not valid.',
    zh: '此审批链接无效。',
  },
  'approval.link_expired': {
    status: 410,
    en: 'This approval link has expired. Please decide on the Approvals page.',
    zh: '此审批链接已过期，请在“审批”页面中处理。',
  },
  'approval.link_used': {
    status: 409,
    en: 'This approval link has already been used.',
    zh: '此审批链接已被使用。',
  },
} as const satisfies Record<string, ErrorEntry>;

type ApprovalErrors = typeof approvalErrors;

declare module '../../platform/http/errors.ts' {
  interface ErrorCodes extends ApprovalErrors {}
}
