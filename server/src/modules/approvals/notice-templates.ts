import type { TemplateDefault } from '../notifications/index.ts';

/** The notification events of this module (registered with their default channels in registry.ts). */
export const APPROVAL_REQUESTED_NOTICE = 'approval.requested';
export const APPROVAL_REMINDER_NOTICE = 'approval.reminder';
/** To the person who asked (staff), when the approval ends. */
export const APPROVAL_DECIDED_NOTICE = 'approval.decided';

/*
 * The words of the approvals' notices: defaults an administrator edits on the templates page
 * (per language). The subject is also the bell's and the IM message's title. A paragraph with
 * `{{approval.deadline}}` is left out when the approval has no deadline.
 */
const askVariables: TemplateDefault['variables'] = {
  'approver.name': { 'zh-CN': '审批人姓名', en: "The approver's name" },
  'requester.name': {
    'zh-CN': '发起审批的人（系统发起时为“系统”）',
    en: 'Who asked ("The system" when the desk asked)',
  },
  'approval.title': { 'zh-CN': '审批事项', en: 'What is asked' },
  'approval.modeText': { 'zh-CN': '审批方式（会签、或签、依次审批）', en: 'The mode, in words' },
  'approval.deadline': {
    'zh-CN': '截止时间（按审批人的时区；无截止时间时整段省略）',
    en: "The deadline in the approver's time zone (its paragraph is left out when there is none)",
  },
  'approval.approveUrl': { 'zh-CN': '一键同意链接（仅可使用一次）', en: 'One-time link that approves' },
  'approval.rejectUrl': { 'zh-CN': '一键拒绝链接（仅可使用一次）', en: 'One-time link that rejects' },
  'approval.url': { 'zh-CN': '审批页面链接', en: 'The approval page' },
  'ticket.ref': {
    'zh-CN': '工单标记，如“【工单 #12】”（不属于工单时为空）',
    en: 'The ticket tag, e.g. "[Ticket #12] " (empty without a ticket)',
  },
  'desk.name': { 'zh-CN': '服务台名称', en: 'Name of the service desk' },
};

const askBody = {
  'zh-CN': [
    '{{approver.name}}，您好：',
    '{{requester.name}} 请您审批「{{approval.title}}」（{{approval.modeText}}）。',
    '截止时间：{{approval.deadline}}',
    '同意：{{approval.approveUrl}}',
    '拒绝：{{approval.rejectUrl}}',
    '（以上链接仅可使用一次）',
    '查看详情并填写意见：{{approval.url}}',
  ].join('\n\n'),
  en: [
    'Dear {{approver.name}},',
    '{{requester.name}} asks for your approval of "{{approval.title}}" ({{approval.modeText}}).',
    'Deadline: {{approval.deadline}}',
    'Approve: {{approval.approveUrl}}',
    'Reject: {{approval.rejectUrl}}',
    '(each link works once)',
    'See the details and add a comment: {{approval.url}}',
  ].join('\n\n'),
};

export const APPROVAL_REQUESTED_TEMPLATE: TemplateDefault = {
  event: APPROVAL_REQUESTED_NOTICE,
  description: { 'zh-CN': '待审批通知（发给审批人）', en: 'An approval to decide, to the approver' },
  'zh-CN': { subject: '{{ticket.ref}}待您审批：{{approval.title}}', body: askBody['zh-CN'] },
  en: { subject: '{{ticket.ref}}Your approval is needed: {{approval.title}}', body: askBody.en },
  variables: askVariables,
};

export const APPROVAL_REMINDER_TEMPLATE: TemplateDefault = {
  event: APPROVAL_REMINDER_NOTICE,
  description: {
    'zh-CN': '审批提醒（发给尚未审批的人）',
    en: 'Approval reminder, to those who have not decided',
  },
  'zh-CN': { subject: '{{ticket.ref}}提醒：待您审批「{{approval.title}}」', body: askBody['zh-CN'] },
  en: { subject: '{{ticket.ref}}Reminder: your approval is needed: {{approval.title}}', body: askBody.en },
  variables: askVariables,
};

export const APPROVAL_DECIDED_TEMPLATE: TemplateDefault = {
  event: APPROVAL_DECIDED_NOTICE,
  description: {
    'zh-CN': '审批结果（发给发起审批的服务台人员）',
    en: 'An approval ended, to the staff who asked',
  },
  'zh-CN': {
    subject: '{{ticket.ref}}审批结果：{{approval.title}}（{{approval.outcomeText}}）',
    body: [
      '{{requester.name}}，您好：',
      '您发起的审批「{{approval.title}}」已结束：{{approval.outcomeText}}。',
      '意见：{{approval.comment}}',
      '查看详情：{{approval.url}}',
    ].join('\n\n'),
  },
  en: {
    subject: '{{ticket.ref}}Approval {{approval.outcomeText}}: {{approval.title}}',
    body: [
      'Dear {{requester.name}},',
      'The approval you asked for, "{{approval.title}}", ended: {{approval.outcomeText}}.',
      'Comment: {{approval.comment}}',
      'See the details: {{approval.url}}',
    ].join('\n\n'),
  },
  variables: {
    'requester.name': { 'zh-CN': '发起审批的人', en: 'Who asked' },
    'approval.title': { 'zh-CN': '审批事项', en: 'What was asked' },
    'approval.outcomeText': {
      'zh-CN': '结果（已通过、已拒绝、已过期、已撤销）',
      en: 'The outcome (approved, rejected, expired, withdrawn)',
    },
    'approval.comment': {
      'zh-CN': '决定时的意见或撤销原因（无意见时整段省略）',
      en: 'The deciding comment or the reason of a cancel (its paragraph is left out when there is none)',
    },
    'approval.url': { 'zh-CN': '审批页面链接', en: 'The approval page' },
    'ticket.ref': { 'zh-CN': '工单标记，如“【工单 #12】”', en: 'The ticket tag, e.g. "[Ticket #12] "' },
    'desk.name': { 'zh-CN': '服务台名称', en: 'Name of the service desk' },
  },
};
