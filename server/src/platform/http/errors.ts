/**
 * The error catalogue: every error a client can see has a stable code and a message in
 * both interface languages. Handlers throw `AppError`s; the HTTP layer renders
 * `{ "error": { code, message, field? } }` in the caller's language.
 */
const CATALOGUE = {
  'validation.invalid': { status: 400, en: 'The request is not valid: {detail}', zh: '请求无效：{detail}' },
  'auth.required': { status: 401, en: 'Please sign in.', zh: '请先登录。' },
  'auth.invalid_credentials': { status: 401, en: 'Email or password is wrong.', zh: '邮箱或密码错误。' },
  'auth.forbidden': { status: 403, en: 'You are not allowed to do this.', zh: '您没有执行此操作的权限。' },
  not_found: { status: 404, en: 'Not found.', zh: '未找到。' },
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
  'ticket.closed': { status: 409, en: 'The ticket is {status}.', zh: '工单已处于“{status}”状态。' },
  'link.invalid': { status: 400, en: 'A ticket cannot be linked to itself.', zh: '工单不能关联到自身。' },
  'link.exists': { status: 409, en: 'These tickets are already linked.', zh: '这两个工单已经关联。' },
  'link.not_found': { status: 404, en: 'Link not found.', zh: '关联不存在。' },
  'user.email_taken': { status: 409, en: 'A user with this email exists.', zh: '该邮箱已被使用。' },
  'user.not_found': { status: 404, en: 'User not found.', zh: '用户不存在。' },
  'team.name_taken': { status: 409, en: 'A team with this name exists.', zh: '团队名称已存在。' },
  'team.not_found': { status: 404, en: 'Team not found.', zh: '团队不存在。' },
  'organization.name_taken': {
    status: 409,
    en: 'An organisation with this name exists.',
    zh: '组织名称已存在。',
  },
  'organization.not_found': { status: 404, en: 'Organisation not found.', zh: '组织不存在。' },
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
  'cursor.invalid': { status: 400, en: 'The page cursor is not valid.', zh: '分页游标无效。' },
  'import.too_large': { status: 413, en: 'The import is too large.', zh: '导入内容过大。' },
  rate_limited: { status: 429, en: 'Too many requests; try again later.', zh: '请求过于频繁，请稍后再试。' },
  internal: { status: 500, en: 'Something went wrong on our side.', zh: '服务器内部错误。' },
} as const satisfies Record<string, { status: number; en: string; zh: string }>;

export type ErrorCode = keyof typeof CATALOGUE;
export type MessageLocale = 'en' | 'zh-CN';

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly field: string | undefined;
  readonly params: Record<string, string | number>;

  constructor(code: ErrorCode, options: { field?: string; params?: Record<string, string | number> } = {}) {
    super(render(code, 'en', options.params ?? {}));
    this.code = code;
    this.status = CATALOGUE[code].status;
    this.field = options.field;
    this.params = options.params ?? {};
  }

  localizedMessage(locale: MessageLocale): string {
    return render(this.code, locale, this.params);
  }
}

function render(code: ErrorCode, locale: MessageLocale, params: Record<string, string | number>): string {
  const entry = CATALOGUE[code];
  const template = locale === 'zh-CN' ? entry.zh : entry.en;
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? ''));
}

export function errorMessage(
  code: ErrorCode,
  locale: MessageLocale,
  params: Record<string, string | number> = {},
): string {
  return render(code, locale, params);
}
