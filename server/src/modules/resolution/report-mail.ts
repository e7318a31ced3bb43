/** A mail ready for the outbox. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const paragraphs = (value: string) =>
  escapeHtml(value)
    .split(/\r?\n/)
    .map((line) => line || '&nbsp;')
    .join('<br>');

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

const WORDS = {
  'zh-CN': {
    subject: (n: number, s: string) => `【工单 #${n}】解决报告：${s}`,
    greeting: (name: string) => `${name}，您好：`,
    intro: (n: number) => `您的工单 #${n} 已处理完毕，以下是解决报告。`,
    resolution: '解决方式',
    cause: '原因（根本原因）',
    actions: '处理过程',
    prevention: '预防建议',
    confirm: (url: string) => `请确认问题是否已解决：${url}`,
    confirmLink: '确认解决 / 问题未解决',
    autoClose: (d: number) => `如 ${d} 天内未收到您的回复，工单将自动关闭。`,
    signature: '服务台',
  },
  en: {
    subject: (n: number, s: string) => `[Ticket #${n}] Resolution report: ${s}`,
    greeting: (name: string) => `Dear ${name},`,
    intro: (n: number) => `Your ticket #${n} has been resolved. Here is the resolution report.`,
    resolution: 'Resolution',
    cause: 'Cause (root cause)',
    actions: 'What was done',
    prevention: 'How to prevent it',
    confirm: (url: string) => `Please confirm whether the problem is fixed: ${url}`,
    confirmLink: 'Confirm the fix / It is not fixed',
    autoClose: (d: number) => `If we do not hear from you within ${d} days, the ticket will close by itself.`,
    signature: 'The Service Desk',
  },
} as const;

/** The resolution report (RS-3): cause, what was done and how to prevent it, in the requester's language. */
export function renderResolutionReport(input: ResolutionReportInput): RenderedMail {
  const w = WORDS[input.locale];
  const sections: [string, string][] = [
    [w.resolution, input.resolutionLabel],
    [w.cause, input.rootCause],
    [w.actions, input.actions],
    [w.prevention, input.prevention],
  ];
  const text = [
    w.greeting(input.requesterName),
    '',
    w.intro(input.ticketNumber),
    '',
    ...sections.flatMap(([title, body]) => [`${title}:`, body, '']),
    w.confirm(input.ticketUrl),
    w.autoClose(input.autoCloseDays),
    '',
    w.signature,
  ].join('\n');
  const html = `<div style="font-family:sans-serif;line-height:1.5">
<p>${escapeHtml(w.greeting(input.requesterName))}</p>
<p>${escapeHtml(w.intro(input.ticketNumber))}</p>
${sections.map(([title, body]) => `<h3 style="margin:16px 0 4px">${escapeHtml(title)}</h3><p style="margin:0">${paragraphs(body)}</p>`).join('\n')}
<p style="margin-top:20px"><a href="${escapeHtml(input.ticketUrl)}">${escapeHtml(w.confirmLink)}</a></p>
<p style="color:#666">${escapeHtml(w.autoClose(input.autoCloseDays))}</p>
<p>${escapeHtml(w.signature)}</p>
</div>`;
  return { subject: w.subject(input.ticketNumber, input.ticketSubject), text, html };
}
