import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import writeXlsxFile from 'write-excel-file/node';
import { type ExportLocale, word } from './labels.ts';
import type { Cell, ReportTable } from './tables.ts';

/**
 * CSV as spreadsheets read it: UTF-8 with a byte-order mark (so Excel shows Chinese), CRLF,
 * quoted fields. A text cell starting with = + - @ is prefixed with ' so that it is never run
 * as a formula by the program that opens it.
 */
export function toCsv(table: ReportTable): string {
  const field = (value: Cell) => {
    if (value === null) return '';
    if (typeof value === 'number') return String(value);
    const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const lines = [table.headers, ...table.rows].map((row) => row.map(field).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** One sheet per table; numbers stay numbers. */
export async function toXlsx(tables: ReportTable[]): Promise<Buffer> {
  const sheets = tables.map((table) => ({
    sheet: table.title.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '),
    stickyRowsCount: 1,
    columns: table.headers.map((h, i) => ({
      width: Math.min(
        60,
        Math.max(10, h.length * 2, ...table.rows.map((r) => String(r[i] ?? '').length + 2)),
      ),
    })),
    data: [
      table.headers.map((h) => ({ value: h, fontWeight: 'bold' as const })),
      ...table.rows.map((row) =>
        row.map((value) =>
          value === null ? null : typeof value === 'number' ? { value, type: Number } : { value },
        ),
      ),
    ],
  }));
  return (await writeXlsxFile(sheets).toBuffer()) as Buffer;
}

/** CJK-capable fonts that Debian packages install; the first found is used. */
const SYSTEM_CJK_FONTS = [
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
  '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf',
];

/** The font file for PDF text: the configured one, else a system CJK font, else none. */
export function findPdfFont(configured: string | undefined): string | null {
  if (configured && existsSync(configured)) return configured;
  return SYSTEM_CJK_FONTS.find((path) => existsSync(path)) ?? null;
}

/**
 * A PDF with a title, a subtitle and the tables. Chinese needs a CJK font on the server
 * (REPORT_PDF_FONT, or a Debian font package); without one the PDF says so and shows the
 * Latin text only.
 */
export async function toPdf(options: {
  title: string;
  subtitle: string[];
  tables: ReportTable[];
  locale: ExportLocale;
  fontPath: string | null;
}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 36,
    info: { Title: options.title },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const cjk = options.fontPath !== null;
  if (options.fontPath) {
    const family = options.fontPath.endsWith('.ttc') ? firstFamily(options.fontPath) : undefined;
    doc.registerFont('body', options.fontPath, family);
  } else {
    doc.registerFont('body', 'Helvetica');
  }
  // Without a CJK font the standard PDF fonts cannot draw Chinese: leave those characters out.
  const text = (value: string) => (cjk ? value : value.replace(/[^\u0020-\u00ff]/g, '?'));
  doc.font('body');
  doc.fontSize(16).text(text(options.title));
  doc.fontSize(9).fillColor('#555');
  for (const line of options.subtitle) doc.text(text(line));
  if (!cjk) doc.fillColor('#a00').text(word('font_missing', 'en'));
  doc.fillColor('#000');
  for (const table of options.tables) drawTable(doc, table, text);
  doc.end();
  return done;
}

/** pdfkit needs the name of one font inside a collection; the first one is the regular face. */
function firstFamily(path: string): string | undefined {
  if (path.includes('wqy-microhei')) return 'WenQuanYiMicroHei';
  if (path.includes('wqy-zenhei')) return 'WenQuanYiZenHei';
  if (path.includes('NotoSansCJK')) return 'NotoSansCJKsc-Regular';
  return undefined;
}

function drawTable(doc: PDFKit.PDFDocument, table: ReportTable, text: (v: string) => string): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const columns = table.headers.length;
  // The first column (names, subjects) gets more room than the numbers.
  const firstWidth = columns > 1 ? Math.min(width * 0.4, width / columns + 120) : width;
  const restWidth = columns > 1 ? (width - firstWidth) / (columns - 1) : 0;
  const xOf = (i: number) => left + (i === 0 ? 0 : firstWidth + (i - 1) * restWidth);
  const widthOf = (i: number) => (i === 0 ? firstWidth : restWidth) - 4;
  const format = (v: Cell) => (v === null ? '-' : typeof v === 'number' ? v.toLocaleString('en-US') : v);

  const row = (cells: Cell[], bold: boolean) => {
    const heights = cells.map((c, i) => doc.heightOfString(text(format(c)), { width: widthOf(i) }));
    const height = Math.max(12, ...heights) + 4;
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const y = doc.y;
    if (bold)
      doc
        .rect(left, y - 2, width, height)
        .fill('#eef2f8')
        .fillColor('#000');
    cells.forEach((c, i) => {
      doc.text(text(format(c)), xOf(i), y, {
        width: widthOf(i),
        align: typeof c === 'number' ? 'right' : 'left',
      });
    });
    doc.x = left;
    doc.y = y + height;
  };

  doc.moveDown(1);
  if (doc.y > doc.page.height - 120) doc.addPage();
  doc.fontSize(12).text(text(table.title), left);
  doc.moveDown(0.3);
  doc.fontSize(8);
  row(table.headers, true);
  if (table.rows.length === 0) row(['-'], false);
  for (const r of table.rows) row(r, false);
}
