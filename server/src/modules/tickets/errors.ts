import type { ErrorEntry } from '../../platform/http/errors.ts';

/** The tickets module's error codes: status, and the message in both interface languages. */
export const ticketErrors = {
  'ticket.not_found': { status: 404, en: 'Ticket not found.', zh: '工单不存在。' },
  'ticket.invalid_transition': {
    status: 409,
    en: 'A ticket cannot go from {from} to {to}.',
    zh: '工单状态不能从 {from} 变为 {to}。',
  },
  'ticket.priority_reason_required': {
    status: 400,
    en: 'Overriding the priority needs a reason.',
    zh: '手动调整优先级需要填写原因。',
  },
  'ticket.internal_forbidden': {
    status: 403,
    en: 'Only staff can write internal notes.',
    zh: '只有服务台人员可以添加内部备注。',
  },
  'ticket.requester_invalid': {
    status: 400,
    en: 'The requester does not exist or is inactive.',
    zh: '请求人不存在或已停用。',
  },
  'ticket.action_not_allowed': {
    status: 409,
    en: 'This cannot be done to the ticket in its current status.',
    zh: '工单当前的状态不允许此操作。',
  },
  'ticket.closed': { status: 409, en: 'The ticket is {status}.', zh: '工单已处于“{status}”状态。' },
  'link.invalid': { status: 400, en: 'A ticket cannot be linked to itself.', zh: '工单不能关联到自身。' },
  'link.exists': { status: 409, en: 'These tickets are already linked.', zh: '这两个工单已经关联。' },
  'link.not_found': { status: 404, en: 'Link not found.', zh: '关联不存在。' },
  'assignee.invalid': {
    status: 400,
    en: 'The assignee must be an active staff member.',
    zh: '处理人必须是在职的服务台人员。',
  },
  'attachment.too_large': {
    status: 413,
    en: 'The file is larger than {max} bytes.',
    zh: '文件超过 {max} 字节的上限。',
  },
  'attachment.missing': { status: 400, en: 'No file was sent.', zh: '没有收到文件。' },
  'attachment.not_found': { status: 404, en: 'Attachment not found.', zh: '附件不存在。' },
  'import.too_large': { status: 413, en: 'The import is too large.', zh: '导入内容过大。' },
  'import.invalid_json': { status: 400, en: 'not valid JSON', zh: '不是有效的 JSON' },
  'import.invalid_field': { status: 400, en: '{field}: {detail}', zh: '字段 {field} 无效：{detail}' },
  'import.failed': { status: 400, en: 'could not be imported: {detail}', zh: '无法导入：{detail}' },
} as const satisfies Record<string, ErrorEntry>;

type TicketErrors = typeof ticketErrors;

declare module '../../platform/http/errors.ts' {
  interface ErrorCodes extends TicketErrors {}
}
