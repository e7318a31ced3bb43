import { escapeHtml, type RenderedMail } from '../resolution/index.ts';

type Locale = 'zh-CN' | 'en';

const CSAT = {
  'zh-CN': {
    subject: (n: number) => `【工单 #${n}】请对本次服务进行满意度评价`,
    greeting: (name: string) => `${name}，您好：`,
    body: (n: number, s: string) =>
      `您的工单 #${n}「${s}」已关闭。请花一分钟对本次服务进行评价（1-5 分），您的反馈将帮助我们改进。`,
    link: '立即评价',
    expiry: (d: string) => `链接有效期至 ${d}，仅可使用一次。`,
    signature: '服务台',
  },
  en: {
    subject: (n: number) => `[Ticket #${n}] How did we do?`,
    greeting: (name: string) => `Dear ${name},`,
    body: (n: number, s: string) =>
      `Your ticket #${n} "${s}" is closed. Please take a minute to rate our service (1-5); your answer helps us improve.`,
    link: 'Rate our service',
    expiry: (d: string) => `The link works once, until ${d}.`,
    signature: 'The Service Desk',
  },
} as const;

const NPS = {
  'zh-CN': {
    subject: (c: string) => `邀请您参与服务满意度调查：${c}`,
    greeting: (name: string) => `${name}，您好：`,
    question: '您有多大可能向同事推荐我们的技术支持服务？（0-10 分）',
    link: '参与调查',
    expiry: (d: string) => `链接有效期至 ${d}，仅可使用一次。`,
    signature: '服务台',
  },
  en: {
    subject: (c: string) => `A quick question about our support: ${c}`,
    greeting: (name: string) => `Dear ${name},`,
    question: 'How likely are you to recommend our support to a colleague? (0-10)',
    link: 'Answer the survey',
    expiry: (d: string) => `The link works once, until ${d}.`,
    signature: 'The Service Desk',
  },
} as const;

const day = (date: Date, locale: Locale, timeZone: string) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone }).format(date);

function layout(lines: string[], link: { url: string; label: string }, footer: string[]): string {
  return `<div style="font-family:sans-serif;line-height:1.5">
${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n')}
<p><a href="${escapeHtml(link.url)}" style="display:inline-block;padding:8px 16px;background:#1677ff;color:#fff;border-radius:6px;text-decoration:none">${escapeHtml(link.label)}</a></p>
${footer.map((l) => `<p style="color:#666">${escapeHtml(l)}</p>`).join('\n')}
</div>`;
}

export function renderCsatInvitation(input: {
  locale: Locale;
  timeZone: string;
  requesterName: string;
  ticketNumber: number;
  ticketSubject: string;
  url: string;
  expiresAt: Date;
}): RenderedMail {
  const w = CSAT[input.locale];
  const lines = [w.greeting(input.requesterName), w.body(input.ticketNumber, input.ticketSubject)];
  const footer = [w.expiry(day(input.expiresAt, input.locale, input.timeZone)), w.signature];
  return {
    subject: w.subject(input.ticketNumber),
    text: [...lines, '', `${w.link}: ${input.url}`, '', ...footer].join('\n'),
    html: layout(lines, { url: input.url, label: w.link }, footer),
  };
}

export function renderNpsInvitation(input: {
  locale: Locale;
  timeZone: string;
  name: string;
  campaign: string;
  question: string | null;
  url: string;
  expiresAt: Date;
}): RenderedMail {
  const w = NPS[input.locale];
  const lines = [w.greeting(input.name), input.question || w.question];
  const footer = [w.expiry(day(input.expiresAt, input.locale, input.timeZone)), w.signature];
  return {
    subject: w.subject(input.campaign),
    text: [...lines, '', `${w.link}: ${input.url}`, '', ...footer].join('\n'),
    html: layout(lines, { url: input.url, label: w.link }, footer),
  };
}
