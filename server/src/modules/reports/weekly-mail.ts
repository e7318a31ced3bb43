import type { WeeklyReport } from '../../../../contracts/reports.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { escapeHtml, renderTemplate, type TemplateDefault } from '../notifications/index.ts';
import type { RenderedMail } from '../resolution/index.ts';
import { changeTable } from './change-figures.ts';
import type { ExportLocale } from './labels.ts';
import { problemTable } from './problem-figures.ts';
import { type ReportTable, weeklyTables } from './tables.ts';

export const WEEKLY_REPORT_EVENT = 'reports.weekly';

/** The weekly report mail (MX-2); the figures themselves are one variable, as text and as HTML tables. */
export const WEEKLY_REPORT_TEMPLATE: TemplateDefault = {
  event: WEEKLY_REPORT_EVENT,
  description: {
    'zh-CN': '服务台周报（发给订阅的主管）',
    en: 'Weekly report, to subscribed leads and managers',
  },
  'zh-CN': {
    subject: '服务台周报 {{report.week}}',
    body: '服务台周报 {{report.week}}\n\n{{report.summary}}\n\n在线查看：{{report.url}}\nXLSX: {{report.xlsxUrl}}\nPDF: {{report.pdfUrl}}',
  },
  en: {
    subject: 'Weekly service desk report {{report.week}}',
    body: 'Weekly service desk report {{report.week}}\n\n{{report.summary}}\n\nOnline: {{report.url}}\nXLSX: {{report.xlsxUrl}}\nPDF: {{report.pdfUrl}}',
  },
  variables: {
    'report.week': { 'zh-CN': '周次（如 2026-W10）', en: 'The week (for example 2026-W10)' },
    'report.summary': {
      'zh-CN': '本周指标与前四周对比、各状态等待时长、供应商延误、等待最久的工单（表格）',
      en: "The week's figures against the four weeks before, status waits, vendor delays, longest waiting tickets (tables)",
    },
    'report.url': { 'zh-CN': '网页版周报链接', en: 'Link to the report in the web app' },
    'report.xlsxUrl': { 'zh-CN': 'XLSX 下载链接', en: 'XLSX download link' },
    'report.pdfUrl': { 'zh-CN': 'PDF 下载链接', en: 'PDF download link' },
    'desk.name': { 'zh-CN': '服务台名称', en: 'Name of the service desk' },
  },
};

const cell = (v: string | number | null) => (v === null ? '-' : String(v));

const textTable = (t: ReportTable) =>
  [`== ${t.title} ==`, t.headers.join(' | '), ...t.rows.map((r) => r.map(cell).join(' | '))].join('\n');

const htmlTable = (t: ReportTable) => `<h3>${escapeHtml(t.title)}</h3>
<table cellpadding="4" style="border-collapse:collapse;font-size:13px">
<tr>${t.headers.map((h) => `<th style="background:#eef2f8;text-align:left">${escapeHtml(h)}</th>`).join('')}</tr>
${t.rows.map((r) => `<tr>${r.map((c) => `<td style="border-top:1px solid #ddd">${escapeHtml(cell(c))}</td>`).join('')}</tr>`).join('\n')}
</table>`;

/** The weekly report as a mail: the figures against the four weeks before, and the bottlenecks. */
export function renderWeeklyMail(
  db: Queryable,
  report: WeeklyReport,
  locale: ExportLocale,
  links: { web: string; xlsx: string; pdf: string },
): Promise<RenderedMail> {
  const tables = weeklyTables(report, locale);
  const shown = [
    tables.metrics,
    tables.status_waits,
    tables.vendor_delays,
    tables.longest_waiting,
    problemTable(report.problems, locale),
    changeTable(report.changes, locale),
  ];
  return renderTemplate(
    db,
    WEEKLY_REPORT_EVENT,
    locale,
    {
      report: {
        week: report.week,
        summary: shown.map(textTable).join('\n\n'),
        url: links.web,
        xlsxUrl: links.xlsx,
        pdfUrl: links.pdf,
      },
    },
    { htmlBlocks: { 'report.summary': shown.map(htmlTable).join('\n') } },
  );
}
