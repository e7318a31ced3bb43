export interface TemplateText {
  subject: string;
  body: string;
}

export interface TemplateDefault {
  event: string;
  /** Who reads it, for the administrator's editor. */
  description: { 'zh-CN': string; en: string };
  'zh-CN': TemplateText;
  en: TemplateText;
  /** What each variable holds, shown to the administrator beside the editor. */
  variables?: Record<string, { 'zh-CN': string; en: string }>;
}

const FOOTER_EN =
  '\n\n--\nReply to this email to add to ticket #{{ticket.number}}. View it online: {{ticket.url}}';
const FOOTER_ZH = '\n\n--\n直接回复本邮件即可补充工单 #{{ticket.number}} 的信息。在线查看：{{ticket.url}}';

/** The built-in templates: an administrator's version (message_templates) replaces one per language. */
export const BUILT_IN_TEMPLATES: TemplateDefault[] = [
  {
    event: 'ticket.created',
    description: { 'zh-CN': '受理确认（发给请求人）', en: 'Acknowledgement to the requester' },
    en: {
      subject: '[#{{ticket.number}}] We received your request: {{ticket.subject}}',
      body:
        'Hello {{requester.name}},\n\nWe received your request and opened ticket #{{ticket.number}} (priority {{ticket.priority}}). An agent will respond within the response target.\n\nSubject: {{ticket.subject}}' +
        FOOTER_EN,
    },
    'zh-CN': {
      subject: '[#{{ticket.number}}] 您的请求已受理：{{ticket.subject}}',
      body:
        '{{requester.name}}，您好：\n\n我们已收到您的请求，工单号为 #{{ticket.number}}（优先级 {{ticket.priority}}）。服务台人员将在响应时限内与您联系。\n\n主题：{{ticket.subject}}' +
        FOOTER_ZH,
    },
  },
  {
    event: 'ticket.reply',
    description: { 'zh-CN': '服务台回复（发给请求人）', en: "An agent's reply to the requester" },
    en: {
      subject: 'Re: [#{{ticket.number}}] {{ticket.subject}}',
      body: `{{message.body}}\n\n{{agent.name}}\n{{desk.name}}${FOOTER_EN}`,
    },
    'zh-CN': {
      subject: 'Re: [#{{ticket.number}}] {{ticket.subject}}',
      body: `{{message.body}}\n\n{{agent.name}}\n{{desk.name}}${FOOTER_ZH}`,
    },
  },
  {
    event: 'ticket.status_changed',
    description: { 'zh-CN': '工单状态变化（发给请求人）', en: 'Status change, to the requester' },
    en: {
      subject: '[#{{ticket.number}}] Status: {{ticket.statusLabel}}',
      body:
        'Hello {{requester.name}},\n\nYour ticket #{{ticket.number}} "{{ticket.subject}}" is now: {{ticket.statusLabel}}.' +
        FOOTER_EN,
    },
    'zh-CN': {
      subject: '[#{{ticket.number}}] 状态更新：{{ticket.statusLabel}}',
      body:
        '{{requester.name}}，您好：\n\n您的工单 #{{ticket.number}}“{{ticket.subject}}”当前状态为：{{ticket.statusLabel}}。' +
        FOOTER_ZH,
    },
  },
  {
    event: 'ticket.assigned',
    description: { 'zh-CN': '工单分派给我（服务台人员）', en: 'A ticket was assigned to me (staff)' },
    en: {
      subject: '[#{{ticket.number}}] Assigned to you: {{ticket.subject}}',
      body: 'Ticket #{{ticket.number}} ({{ticket.priority}}) "{{ticket.subject}}" is assigned to you.\n{{ticket.url}}',
    },
    'zh-CN': {
      subject: '[#{{ticket.number}}] 已分派给您：{{ticket.subject}}',
      body: '工单 #{{ticket.number}}（{{ticket.priority}}）“{{ticket.subject}}”已分派给您。\n{{ticket.url}}',
    },
  },
  {
    event: 'ticket.requester_replied',
    description: { 'zh-CN': '请求人回复（发给处理人）', en: 'The requester replied (to the assignee)' },
    en: {
      subject: '[#{{ticket.number}}] New reply from {{requester.name}}',
      body: '{{requester.name}} replied on #{{ticket.number}} "{{ticket.subject}}":\n\n{{message.body}}\n\n{{ticket.url}}',
    },
    'zh-CN': {
      subject: '[#{{ticket.number}}] {{requester.name}} 有新回复',
      body: '{{requester.name}} 在工单 #{{ticket.number}}“{{ticket.subject}}”中回复：\n\n{{message.body}}\n\n{{ticket.url}}',
    },
  },
  {
    event: 'resolution.rejected',
    description: {
      'zh-CN': '请求人反馈问题未解决（发给处理人）',
      en: 'The requester says it is not fixed (to the assignee)',
    },
    en: {
      subject: '[#{{ticket.number}}] Not fixed, reopened: {{ticket.subject}}',
      body: '{{requester.name}} says #{{ticket.number}} "{{ticket.subject}}" is not fixed, and the ticket is open again:\n\n{{message.body}}\n\n{{ticket.url}}',
    },
    'zh-CN': {
      subject: '[#{{ticket.number}}] 问题未解决，已重新打开：{{ticket.subject}}',
      body: '{{requester.name}} 反馈工单 #{{ticket.number}}“{{ticket.subject}}”的问题仍未解决，工单已重新打开：\n\n{{message.body}}\n\n{{ticket.url}}',
    },
  },
  {
    event: 'callback.due',
    description: { 'zh-CN': '回访任务到期（服务台人员）', en: 'A call-back is due (staff)' },
    en: {
      subject: 'Call-back due: {{callback.contactName}}',
      body: 'Call {{callback.contactName}} at {{callback.phone}}: {{callback.reason}}',
    },
    'zh-CN': {
      subject: '回访到期：{{callback.contactName}}',
      body: '请致电 {{callback.contactName}}（{{callback.phone}}）：{{callback.reason}}',
    },
  },
];

const registry = new Map<string, TemplateDefault>(BUILT_IN_TEMPLATES.map((t) => [t.event, t]));

/**
 * Other modules add their own events' default templates (resolution report, survey ...),
 * registered once in modules/registry.ts; an administrator can then edit them like the built-in ones.
 */
export function registerTemplateDefaults(template: TemplateDefault): void {
  registry.set(template.event, template);
}

export function templateDefault(event: string): TemplateDefault | undefined {
  return registry.get(event);
}

export function allTemplateDefaults(): TemplateDefault[] {
  return [...registry.values()];
}
