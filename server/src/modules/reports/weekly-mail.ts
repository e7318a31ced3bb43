import type { WeeklyReport } from '../../../../contracts/reports.ts';
import { escapeHtml, type RenderedMail } from '../resolution/index.ts';
import { type ExportLocale, word } from './labels.ts';
import { weeklyTables } from './tables.ts';

const cell = (v: string | number | null) => (v === null ? '-' : String(v));

/** The weekly report as a mail: the figures against the four weeks before, and the bottlenecks. */
export function renderWeeklyMail(
  report: WeeklyReport,
  locale: ExportLocale,
  links: { web: string; xlsx: string; pdf: string },
): RenderedMail {
  const tables = weeklyTables(report, locale);
  const shown = [tables.metrics, tables.status_waits, tables.vendor_delays, tables.longest_waiting];
  const title = word('weekly_title', locale, { week: report.week });
  const text = [
    title,
    '',
    ...shown.flatMap((t) => [
      `== ${t.title} ==`,
      t.headers.join(' | '),
      ...t.rows.map((r) => r.map(cell).join(' | ')),
      '',
    ]),
    `${links.web}`,
    `XLSX: ${links.xlsx}`,
    `PDF: ${links.pdf}`,
  ].join('\n');
  const html = `<div style="font-family:sans-serif">
<h2>${escapeHtml(title)}</h2>
${shown
  .map(
    (t) => `<h3>${escapeHtml(t.title)}</h3>
<table cellpadding="4" style="border-collapse:collapse;font-size:13px">
<tr>${t.headers.map((h) => `<th style="background:#eef2f8;text-align:left">${escapeHtml(h)}</th>`).join('')}</tr>
${t.rows.map((r) => `<tr>${r.map((c) => `<td style="border-top:1px solid #ddd">${escapeHtml(cell(c))}</td>`).join('')}</tr>`).join('\n')}
</table>`,
  )
  .join('\n')}
<p><a href="${escapeHtml(links.web)}">${escapeHtml(links.web)}</a> · <a href="${escapeHtml(links.xlsx)}">XLSX</a> · <a href="${escapeHtml(links.pdf)}">PDF</a></p>
</div>`;
  return { subject: title, text, html };
}
