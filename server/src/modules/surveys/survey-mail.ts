import { and, eq, lt } from 'drizzle-orm';
import { csatSurveys } from '../../db/schema.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { renderTemplate, type StatusMailReplacement, type TemplateDefault } from '../notifications/index.ts';
import type { RenderedMail } from '../resolution/index.ts';

type Locale = 'zh-CN' | 'en';

export const CSAT_INVITATION_EVENT = 'csat.invitation';
export const NPS_INVITATION_EVENT = 'nps.invitation';

const EXPIRY = {
  'zh-CN': '链接有效期至 {{survey.expires}}，仅可使用一次。',
  en: 'The link works once, until {{survey.expires}}.',
};
const SURVEY_VARIABLES = {
  'requester.name': { 'zh-CN': '收件人姓名', en: "Recipient's name" },
  'survey.url': { 'zh-CN': '评价链接（无需登录，仅可使用一次）', en: 'Survey link (no login, works once)' },
  'survey.expires': { 'zh-CN': '链接失效日期', en: 'Date the link expires' },
  'desk.name': { 'zh-CN': '服务台名称', en: 'Name of the service desk' },
};

/** The CSAT invitation (FB-1, FB-3); it also tells the requester the ticket is closed. */
export const CSAT_INVITATION_TEMPLATE: TemplateDefault = {
  event: CSAT_INVITATION_EVENT,
  description: {
    'zh-CN': '满意度评价邀请（工单关闭时发给请求人）',
    en: 'Satisfaction survey, to the requester when the ticket closes',
  },
  'zh-CN': {
    subject: '【工单 #{{ticket.number}}】请对本次服务进行满意度评价',
    body: `{{requester.name}}，您好：\n\n您的工单 #{{ticket.number}}「{{ticket.subject}}」已关闭。请花一分钟对本次服务进行评价（1-5 分），您的反馈将帮助我们改进。\n\n立即评价：{{survey.url}}\n\n${EXPIRY['zh-CN']}\n\n{{desk.name}}`,
  },
  en: {
    subject: '[Ticket #{{ticket.number}}] How did we do?',
    body: `Dear {{requester.name}},\n\nYour ticket #{{ticket.number}} "{{ticket.subject}}" is closed. Please take a minute to rate our service (1-5); your answer helps us improve.\n\nRate our service: {{survey.url}}\n\n${EXPIRY.en}\n\n{{desk.name}}`,
  },
  variables: {
    'ticket.number': { 'zh-CN': '工单号', en: 'Ticket number' },
    'ticket.subject': { 'zh-CN': '工单主题', en: 'Ticket subject' },
    ...SURVEY_VARIABLES,
  },
};

/** The NPS invitation of a campaign (FB-2). */
export const NPS_INVITATION_TEMPLATE: TemplateDefault = {
  event: NPS_INVITATION_EVENT,
  description: { 'zh-CN': '净推荐值（NPS）调查邀请', en: 'NPS survey invitation' },
  'zh-CN': {
    subject: '邀请您参与服务满意度调查：{{campaign.name}}',
    body: `{{requester.name}}，您好：\n\n{{nps.question}}\n\n参与调查：{{survey.url}}\n\n${EXPIRY['zh-CN']}\n\n{{desk.name}}`,
  },
  en: {
    subject: 'A quick question about our support: {{campaign.name}}',
    body: `Dear {{requester.name}},\n\n{{nps.question}}\n\nAnswer the survey: {{survey.url}}\n\n${EXPIRY.en}\n\n{{desk.name}}`,
  },
  variables: {
    'campaign.name': { 'zh-CN': '调查活动名称', en: 'Campaign name' },
    'nps.question': {
      'zh-CN': '调查问题（活动自定义的问题，否则为默认问题）',
      en: "The question (the campaign's own, else the default one)",
    },
    ...SURVEY_VARIABLES,
  },
};

/**
 * Closing opens the ticket's one survey and mails it, saying the ticket is closed: that mail
 * replaces the close notice. A ticket that already had a survey (closed before, or rated on a
 * call-back) gets the close notice instead.
 */
export const surveyReplacesClosedMail: StatusMailReplacement = async (db, { ticketId, at }) => {
  const earlier = await db
    .select({ id: csatSurveys.id })
    .from(csatSurveys)
    .where(and(eq(csatSurveys.ticketId, ticketId), lt(csatSurveys.createdAt, at)))
    .limit(1);
  return earlier.length === 0;
};

const DEFAULT_NPS_QUESTION = {
  'zh-CN': '您有多大可能向同事推荐我们的技术支持服务？（0-10 分）',
  en: 'How likely are you to recommend our support to a colleague? (0-10)',
};

const day = (date: Date, locale: Locale, timeZone: string) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone }).format(date);

export function renderCsatInvitation(
  db: Queryable,
  input: {
    locale: Locale;
    timeZone: string;
    requesterName: string;
    ticketNumber: number;
    ticketSubject: string;
    url: string;
    expiresAt: Date;
  },
): Promise<RenderedMail> {
  return renderTemplate(db, CSAT_INVITATION_EVENT, input.locale, {
    ticket: { number: input.ticketNumber, subject: input.ticketSubject },
    requester: { name: input.requesterName },
    survey: { url: input.url, expires: day(input.expiresAt, input.locale, input.timeZone) },
  });
}

export function renderNpsInvitation(
  db: Queryable,
  input: {
    locale: Locale;
    timeZone: string;
    name: string;
    campaign: string;
    question: string | null;
    url: string;
    expiresAt: Date;
  },
): Promise<RenderedMail> {
  return renderTemplate(db, NPS_INVITATION_EVENT, input.locale, {
    requester: { name: input.name },
    campaign: { name: input.campaign },
    nps: { question: input.question || DEFAULT_NPS_QUESTION[input.locale] },
    survey: { url: input.url, expires: day(input.expiresAt, input.locale, input.timeZone) },
  });
}
