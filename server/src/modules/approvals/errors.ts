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
  'approval.rule_no_team': {
    status: 400,
    en: 'The team of this approver rule does not exist.',
    zh: '审批规则中的团队不存在。',
  },
  'approval.rule_no_lead': {
    status: 400,
    en: 'Team {team} has no active lead: set one in the team editor, or choose the approvers.',
    zh: '团队“{team}”没有有效的负责人：请在团队设置中指定，或直接选择审批人。',
  },
  'approval.rule_no_ticket': {
    status: 400,
    en: '"The requester\'s manager" needs an approval on a ticket.',
    zh: '“请求人的上级主管”仅适用于工单上的审批。',
  },
  'approval.rule_no_manager': {
    status: 400,
    en: "The ticket's requester has no active manager: set one in the user editor, or choose the approvers.",
    zh: '该工单的请求人没有有效的上级主管：请在用户设置中指定，或直接选择审批人。',
  },
  'approval.cannot_cancel': {
    status: 403,
    en: 'Only the person who asked for this approval or an administrator can cancel it.',
    zh: '只有发起此审批的人或管理员可以撤销。',
  },
} as const satisfies Record<string, ErrorEntry>;

type ApprovalErrors = typeof approvalErrors;

declare module '../../platform/http/errors.ts' {
  interface ErrorCodes extends ApprovalErrors {}
}
