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
  'auth.too_many_attempts': {
    status: 429,
    en: 'Too many sign-in attempts; try again in {minutes} minutes.',
    zh: '登录尝试次数过多，请在 {minutes} 分钟后重试。',
  },
  'auth.cross_site': {
    status: 403,
    en: 'This request did not come from the service desk itself and was refused.',
    zh: '该请求并非来自服务台本身，已被拒绝。',
  },
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
  'ticket.action_not_allowed': {
    status: 409,
    en: 'This cannot be done to the ticket in its current status.',
    zh: '工单当前的状态不允许此操作。',
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
  'import.invalid_json': { status: 400, en: 'not valid JSON', zh: '不是有效的 JSON' },
  'import.invalid_field': { status: 400, en: '{field}: {detail}', zh: '字段 {field} 无效：{detail}' },
  'import.failed': { status: 400, en: 'could not be imported: {detail}', zh: '无法导入：{detail}' },
  // --- closing the loop (issue 6): resolution, surveys, reports ---
  'resolution.code_invalid': {
    status: 400,
    en: 'Unknown or retired resolution code.',
    zh: '解决代码不存在或已停用。',
  },
  'resolution.code_exists': { status: 409, en: 'This resolution code exists.', zh: '该解决代码已存在。' },
  'resolution.code_not_found': { status: 404, en: 'Resolution code not found.', zh: '解决代码不存在。' },
  'resolution.not_resolvable': {
    status: 409,
    en: 'A ticket that is {status} cannot be resolved.',
    zh: '处于“{status}”状态的工单不能标记为已解决。',
  },
  'resolution.not_resolved': {
    status: 409,
    en: 'The ticket is not waiting for confirmation (it is {status}).',
    zh: '工单当前不在待确认状态（当前为“{status}”）。',
  },
  'resolution.not_requester': {
    status: 403,
    en: 'Only the requester of the ticket can confirm its resolution.',
    zh: '只有工单的提交人可以确认解决结果。',
  },
  'resolution.reason_required': {
    status: 400,
    en: 'Tell the desk what still does not work.',
    zh: '请说明仍未解决的问题。',
  },
  'resolution.invalid_timezone': { status: 400, en: 'Unknown time zone.', zh: '无效的时区。' },
  'survey.invalid_token': {
    status: 404,
    en: 'This survey link is not valid.',
    zh: '该评价链接无效。',
  },
  'survey.expired': { status: 410, en: 'This survey link has expired.', zh: '该评价链接已过期。' },
  'survey.already_answered': {
    status: 409,
    en: 'This survey has already been answered. Thank you!',
    zh: '该评价已提交过，感谢您的反馈！',
  },
  'survey.not_available': {
    status: 404,
    en: 'There is no satisfaction survey for this ticket yet.',
    zh: '该工单暂无满意度评价。',
  },
  'survey.not_requester': {
    status: 403,
    en: 'Only the requester of the ticket can rate it.',
    zh: '只有工单的提交人可以进行评价。',
  },
  'survey.followup_not_found': { status: 404, en: 'Follow-up not found.', zh: '回访任务不存在。' },
  'survey.followup_closed': { status: 409, en: 'This follow-up is closed.', zh: '该回访任务已关闭。' },
  'survey.campaign_not_found': { status: 404, en: 'NPS campaign not found.', zh: 'NPS 调查不存在。' },
  'survey.campaign_closed': { status: 409, en: 'This NPS campaign is closed.', zh: '该 NPS 调查已结束。' },
  'survey.no_recipients': {
    status: 400,
    en: 'The chosen people and organisations include no active requester.',
    zh: '所选人员和组织中没有可接收调查的提交人。',
  },
  'report.invalid_period': {
    status: 400,
    en: 'The period must end after it starts.',
    zh: '统计周期的结束时间必须晚于开始时间。',
  },
  'report.period_too_long': {
    status: 400,
    en: 'The period is longer than {max} days.',
    zh: '统计周期不能超过 {max} 天。',
  },
  'kb.article_not_found': { status: 404, en: 'Article not found.', zh: '知识库文章不存在。' },
  'kb.invalid_transition': {
    status: 409,
    en: 'An article cannot go from {from} to {to}.',
    zh: '文章状态不能从 {from} 变为 {to}。',
  },
  'kb.version_not_found': { status: 404, en: 'Article version not found.', zh: '文章版本不存在。' },
  'kb.ticket_not_resolved': {
    status: 409,
    en: 'Only a resolved or closed ticket can become an article.',
    zh: '只有已解决或已关闭的工单可以生成知识库文章。',
  },
  'search.synonym_invalid': {
    status: 400,
    en: 'A synonym group needs at least two different words.',
    zh: '同义词组至少需要两个不同的词。',
  },
  'search.synonym_not_found': { status: 404, en: 'Synonym group not found.', zh: '同义词组不存在。' },
  'triage.no_model': {
    status: 409,
    en: 'Triage has not been trained yet: there are no resolved tickets to learn from.',
    zh: '自动分派尚未训练：没有可供学习的已解决工单。',
  },
  'triage.candidate_not_found': { status: 404, en: 'Problem candidate not found.', zh: '问题候选不存在。' },
  'triage.merge_invalid': {
    status: 409,
    en: 'This ticket cannot be merged there: it is the same ticket, or one of them is already closed or cancelled.',
    zh: '无法合并：目标是同一工单，或其中一个工单已关闭或已取消。',
  },
  // --- channels and notifications (issue 5) ---
  'notifications.not_found': { status: 404, en: 'Notification not found.', zh: '通知不存在。' },
  'notifications.template_not_found': {
    status: 404,
    en: 'No template for event {event}.',
    zh: '事件 {event} 没有对应的模板。',
  },
  'channels.mailbox_not_found': { status: 404, en: 'Mailbox not found.', zh: '邮箱不存在。' },
  'channels.mailbox_exists': { status: 409, en: 'This mailbox exists.', zh: '该邮箱已存在。' },
  'channels.mailbox_not_imap': {
    status: 409,
    en: 'Only IMAP mailboxes are polled.',
    zh: '只有 IMAP 邮箱需要轮询。',
  },
  'channels.mailbox_poll_failed': {
    status: 502,
    en: 'The mailbox could not be read: {detail}',
    zh: '无法读取邮箱：{detail}',
  },
  'channels.inbound_not_found': { status: 404, en: 'Inbound message not found.', zh: '来信不存在。' },
  'channels.im_bot_not_found': { status: 404, en: 'IM bot not found.', zh: '机器人不存在。' },
  'channels.im_delivery_failed': {
    status: 502,
    en: 'The IM platform refused the message: {detail}',
    zh: '即时通讯平台拒绝了消息：{detail}',
  },
  'channels.im_signature_invalid': {
    status: 401,
    en: 'The webhook signature is missing, wrong or too old.',
    zh: 'Webhook 签名缺失、错误或已过期。',
  },
  'channels.im_duplicate': {
    status: 409,
    en: 'This message is being processed.',
    zh: '该消息正在处理中。',
  },
  'channels.requester_not_allowed': {
    status: 403,
    en: 'The sender is not a known, active requester.',
    zh: '发送人不是有效的请求人。',
  },
  'channels.chat_not_found': { status: 404, en: 'Chat not found.', zh: '在线咨询不存在。' },
  'channels.chat_ended': { status: 409, en: 'The chat has ended.', zh: '在线咨询已结束。' },
  'channels.chat_taken': {
    status: 409,
    en: 'Another agent has taken this chat.',
    zh: '该咨询已由其他服务台人员接入。',
  },
  'channels.chat_unverified': {
    status: 409,
    en: 'The visitor has not verified {email}, which belongs to an existing account. Ask them for the emailed code, or choose the requester yourself.',
    zh: '访客尚未验证邮箱 {email}，该邮箱属于已有账号。请让访客输入邮件中的验证码，或由您明确选择请求人。',
  },
  'channels.chat_code_wrong': {
    status: 400,
    en: 'The code is not right. {left} tries left.',
    zh: '验证码不正确，还可尝试 {left} 次。',
  },
  'channels.chat_code_expired': {
    status: 400,
    en: 'The code has expired. Ask for a new one.',
    zh: '验证码已过期，请重新获取。',
  },
  'channels.chat_code_locked': {
    status: 400,
    en: 'Too many wrong codes. Ask for a new one.',
    zh: '验证码错误次数过多，请重新获取。',
  },
  'channels.chat_code_none': {
    status: 409,
    en: 'There is no code to confirm: the chat is verified, or the code was used.',
    zh: '没有待确认的验证码：该咨询已验证，或验证码已使用。',
  },
  'channels.chat_code_address_limit': {
    status: 429,
    en: 'Too many codes were sent to this address in the last hour. Try again later, or sign in.',
    zh: '过去一小时内向该邮箱发送的验证码过多，请稍后再试，或登录后咨询。',
  },
  'channels.chat_code_send_limit': {
    status: 409,
    en: 'No more codes can be sent for this chat. Start a new chat or sign in.',
    zh: '该咨询的验证码发送次数已达上限，请重新发起咨询或登录。',
  },
  'channels.call_invalid': {
    status: 400,
    en: 'The call log is incomplete: {detail}',
    zh: '通话记录不完整：{detail}',
  },
  'channels.callback_not_found': { status: 404, en: 'Call-back not found.', zh: '回访任务不存在。' },
  'channels.canned_not_found': { status: 404, en: 'Canned response not found.', zh: '快捷回复不存在。' },
  'channels.notice_not_found': { status: 404, en: 'Notice template not found.', zh: '通知模板不存在。' },
  // service levels, routing and escalation (issue 3)
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
  'routing.rule_not_found': { status: 404, en: 'Routing rule not found.', zh: '分派规则不存在。' },
  'routing.shift_not_found': { status: 404, en: 'Duty shift not found.', zh: '值班记录不存在。' },
  'routing.next_team_invalid': {
    status: 400,
    en: 'A team cannot escalate to itself.',
    zh: '团队不能升级到自身。',
  },
  'escalation.no_next_tier': {
    status: 409,
    en: 'No next tier is set for this team; choose a team.',
    zh: '该团队未设置上一级支持团队，请选择目标团队。',
  },
  'escalation.same_team': {
    status: 400,
    en: 'The ticket is already with this team.',
    zh: '工单已在该团队。',
  },
  'nudge.requester_only': {
    status: 403,
    en: 'Only the requester can nudge a ticket.',
    zh: '只有请求人可以催办工单。',
  },
  'nudge.too_soon': {
    status: 429,
    en: 'You can nudge a ticket once an hour; try again after {retryAt}.',
    zh: '每小时只能催办一次，请在 {retryAt} 之后再试。',
  },
  'nudge.ticket_not_open': {
    status: 409,
    en: 'Only an open ticket can be nudged.',
    zh: '只能催办处理中的工单。',
  },
  'major_incident.not_found': { status: 404, en: 'Major incident not found.', zh: '重大事件不存在。' },
  'major_incident.resolved': {
    status: 409,
    en: 'The major incident is already resolved.',
    zh: '该重大事件已解决。',
  },
  // --- inbound mail: the original message (issue 11, mail that reads) ---
  'channels.original_not_found': {
    status: 404,
    en: 'This message did not come in by email, or its original mail is no longer kept.',
    zh: '该消息不是通过邮件收到的，或原始邮件已不再保留。',
  },
  // --- the edge (issue 10): framework errors in the one shape ---
  'request.malformed': {
    status: 400,
    en: 'The request body could not be read: {detail}',
    zh: '无法读取请求内容：{detail}',
  },
  'request.too_large': { status: 413, en: 'The request is too large.', zh: '请求内容过大。' },
  'request.unsupported_media_type': {
    status: 415,
    en: 'Unsupported content type: {type}.',
    zh: '不支持的内容类型：{type}。',
  },
  'request.headers_too_large': {
    status: 431,
    en: 'The request headers are too large.',
    zh: '请求头过大。',
  },
  'request.conflict': {
    status: 409,
    en: 'This conflicts with a record that exists.',
    zh: '与已有记录冲突。',
  },
  'request.bad': { status: 400, en: 'The request is not valid HTTP.', zh: '请求不是有效的 HTTP 请求。' },
  'request.timeout': { status: 408, en: 'The request took too long to arrive.', zh: '请求超时。' },
  rate_limited: { status: 429, en: 'Too many requests; try again later.', zh: '请求过于频繁，请稍后再试。' },
  internal: { status: 500, en: 'Something went wrong on our side.', zh: '服务器内部错误。' },
  // --- IM platform callbacks (issue 11) ---
  'channels.im_inbound_field': {
    status: 400,
    en: 'The {platform} callback takes no such credential.',
    zh: '{platform} 回调没有这个凭据字段。',
  },
  'channels.im_callback_not_configured': {
    status: 404,
    en: 'This bot takes no platform callbacks (its credentials are not set).',
    zh: '该机器人未配置平台回调（凭据未设置）。',
  },
  'channels.im_contact_not_found': { status: 404, en: 'IM contact not found.', zh: 'IM 联系人不存在。' },
  'channels.im_contact_user_invalid': {
    status: 400,
    en: 'The person to link does not exist or is deactivated.',
    zh: '要关联的人员不存在或已停用。',
  },
  // --- monitoring alerts (issue 11, IN-5) ---
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
  // remote assistance (issue 17)
  'remote.not_found': {
    status: 404,
    en: 'Remote assistance session not found.',
    zh: '远程协助会话不存在。',
  },
  'remote.not_party': {
    status: 403,
    en: 'Only the agent who invited and the requester take part in this session.',
    zh: '只有发起邀请的服务台人员和请求人可以参与此会话。',
  },
  'remote.requester_only': {
    status: 403,
    en: 'Only the requester of the ticket can answer this invitation.',
    zh: '只有工单的请求人可以回应此邀请。',
  },
  'remote.invalid_state': {
    status: 409,
    en: 'The remote assistance session is {status}; this cannot be done now.',
    zh: '远程协助会话当前为“{status}”状态，无法执行此操作。',
  },
  'remote.recording_not_allowed': {
    status: 403,
    en: 'The requester did not agree to a recording of this session.',
    zh: '请求人未同意录制本次会话。',
  },
  'remote.ticket_closed': {
    status: 409,
    en: 'The ticket is closed; remote assistance cannot be started on it.',
    zh: '工单已关闭，无法发起远程协助。',
  },
} as const satisfies Record<string, { status: number; en: string; zh: string }>;

export type ErrorCode = keyof typeof CATALOGUE;
export type MessageLocale = 'en' | 'zh-CN';

/** A value put into a message; a Date is written in the reader's language and time zone. */
export type MessageParams = Record<string, string | number | Date>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly field: string | undefined;
  readonly params: MessageParams;
  /** Response headers that go with the refusal (Retry-After of a 429). */
  readonly headers: Record<string, string>;

  constructor(
    code: ErrorCode,
    options: {
      field?: string;
      params?: MessageParams;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(render(code, 'en', options.params ?? {}));
    this.code = code;
    this.status = CATALOGUE[code].status;
    this.field = options.field;
    this.params = options.params ?? {};
    this.headers = options.headers ?? {};
  }

  /** The message in the reader's language, times in their zone (UTC, said so, when it is not known). */
  localizedMessage(locale: MessageLocale, timeZone?: string): string {
    return render(this.code, locale, this.params, timeZone);
  }
}

/** "2026-12-05 02:34" in Chinese, "Dec 5, 2026, 02:34" in English, in `timeZone`. */
export function formatMessageTime(value: Date, locale: MessageLocale, timeZone?: string): string {
  let zone = 'UTC';
  if (timeZone) {
    try {
      new Intl.DateTimeFormat('en', { timeZone });
      zone = timeZone;
    } catch {
      // An unknown zone name on a profile: UTC, named as such, rather than no answer.
    }
  }
  const named = timeZone === zone ? {} : ({ timeZoneName: 'short' } as const);
  if (locale === 'zh-CN') {
    const parts = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      ...named,
    }).formatToParts(value);
    const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
    const suffix = part('timeZoneName') ? ` (${part('timeZoneName')})` : '';
    return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}${suffix}`;
  }
  return new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...named,
  }).format(value);
}

function render(code: ErrorCode, locale: MessageLocale, params: MessageParams, timeZone?: string): string {
  const entry = CATALOGUE[code];
  const template = locale === 'zh-CN' ? entry.zh : entry.en;
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = params[key];
    if (value instanceof Date) return formatMessageTime(value, locale, timeZone);
    return String(value ?? '');
  });
}

export function errorMessage(
  code: ErrorCode,
  locale: MessageLocale,
  params: MessageParams = {},
  timeZone?: string,
): string {
  return render(code, locale, params, timeZone);
}
