import { and, eq } from 'drizzle-orm';
import { ticketResolutions } from '../../db/schema.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { renderTemplate, type StatusMailReplacement, type TemplateDefault } from '../notifications/index.ts';

/** A mail ready for the outbox. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export const RESOLUTION_REPORT_EVENT = 'resolution.report';

/** The resolution report's default words; an administrator edits them on the templates page. */
export const RESOLUTION_REPORT_TEMPLATE: TemplateDefault = {
  event: RESOLUTION_REPORT_EVENT,
  description: {
    'zh-CN': '解决报告（发给请求人，请其确认解决）',
    en: 'Resolution report, to the requester (asks to confirm the fix)',
  },
  'zh-CN': {
    subject: '【工单 #{{ticket.number}}】解决报告：{{ticket.subject}}',
    body: [
      '{{requester.name}}，您好：',
      '您的工单 #{{ticket.number}} 已处理完毕，以下是解决报告。',
      '解决方式:\n{{resolution.label}}',
      '根本原因:\n{{resolution.rootCause}}',
      '解决方案:\n{{resolution.actions}}',
      '预防建议:\n{{resolution.prevention}}',
      '请确认问题是否已解决（确认解决 / 问题未解决）：{{confirm.url}}\n如 {{autoClose.days}} 天内未收到您的回复，工单将自动关闭。',
      '{{desk.name}}',
    ].join('\n\n'),
  },
  en: {
    subject: '[Ticket #{{ticket.number}}] Resolution report: {{ticket.subject}}',
    body: [
      'Dear {{requester.name}},',
      'Your ticket #{{ticket.number}} has been resolved. Here is the resolution report.',
      'Resolution:\n{{resolution.label}}',
      'Root cause:\n{{resolution.rootCause}}',
      'Solution:\n{{resolution.actions}}',
      'How to prevent it:\n{{resolution.prevention}}',
      'Please confirm whether the problem is fixed (or tell us it is not): {{confirm.url}}\nIf we do not hear from you within {{autoClose.days}} days, the ticket will close by itself.',
      '{{desk.name}}',
    ].join('\n\n'),
  },
  variables: {
    'ticket.number': { 'zh-CN': '工单号', en: 'Ticket number' },
    'ticket.subject': { 'zh-CN': '工单主题', en: 'Ticket subject' },
    'requester.name': { 'zh-CN': '请求人姓名', en: "Requester's name" },
    'resolution.label': {
      'zh-CN': '解决方式（解决代码的名称）',
      en: 'Resolution (name of the resolution code)',
    },
    'resolution.rootCause': { 'zh-CN': '根本原因', en: 'Root cause' },
    'resolution.actions': { 'zh-CN': '解决方案', en: 'Solution' },
    'resolution.prevention': { 'zh-CN': '预防建议', en: 'How to prevent it' },
    'confirm.url': {
      'zh-CN': '确认解决 / 问题未解决的链接',
      en: 'Link to confirm the fix or say it is not fixed',
    },
    'autoClose.days': {
      'zh-CN': '无回复自动关闭的天数',
      en: 'Days without an answer before the ticket closes',
    },
    'desk.name': { 'zh-CN': '服务台名称', en: 'Name of the service desk' },
  },
};

/**
 * A ticket resolved through the resolve use case has a pending resolution when its status
 * moves (it is written first); its report replaces the status mail. Resolved by a plain
 * status change, the requester gets the status mail.
 */
export const resolutionReportReplacesResolvedMail: StatusMailReplacement = async (db, { ticketId }) => {
  const pending = await db
    .select({ id: ticketResolutions.id })
    .from(ticketResolutions)
    .where(and(eq(ticketResolutions.ticketId, ticketId), eq(ticketResolutions.outcome, 'pending')))
    .limit(1);
  return pending.length > 0;
};

export interface ResolutionReportInput {
  locale: 'zh-CN' | 'en';
  ticketNumber: number;
  ticketSubject: string;
  requesterName: string;
  resolutionLabel: string;
  rootCause: string;
  actions: string;
  prevention: string;
  /** Where the requester confirms the fix or says it is not fixed. */
  ticketUrl: string;
  autoCloseDays: number;
}

/**
 * The resolution report (RS-3): cause, what was done and how to prevent it, in the
 * requester's language, through the template in force (every value escaped in the HTML).
 */
export function renderResolutionReport(db: Queryable, input: ResolutionReportInput): Promise<RenderedMail> {
  return renderTemplate(db, RESOLUTION_REPORT_EVENT, input.locale, {
    ticket: { number: input.ticketNumber, subject: input.ticketSubject },
    requester: { name: input.requesterName },
    resolution: {
      label: input.resolutionLabel,
      rootCause: input.rootCause,
      actions: input.actions,
      prevention: input.prevention,
    },
    confirm: { url: input.ticketUrl },
    autoClose: { days: input.autoCloseDays },
  });
}
