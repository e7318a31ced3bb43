import type { ErrorEntry } from '../../platform/http/errors.ts';

/** The channels module's error codes: status, and the message in both interface languages. */
export const channelErrors = {
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
  'channels.original_not_found': {
    status: 404,
    en: 'This message did not come in by email, or its original mail is no longer kept.',
    zh: '该消息不是通过邮件收到的，或原始邮件已不再保留。',
  },
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
} as const satisfies Record<string, ErrorEntry>;

type ChannelErrors = typeof channelErrors;

declare module '../../platform/http/errors.ts' {
  interface ErrorCodes extends ChannelErrors {}
}
