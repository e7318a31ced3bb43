import { compile } from 'html-to-text';

/**
 * The readable text of an HTML-only mail, for the ticket (html-to-text): no wrapping (the
 * web app wraps), headings and table headers as written (no upper-casing of Chinese or
 * anyone's text), link targets kept after the link text unless they are the same, tables
 * as aligned columns, and nothing from images (their `src` is tracking or `cid:` noise),
 * styles, scripts or the document head.
 */
const convert = compile({
  wordwrap: false,
  preserveNewlines: false,
  decodeEntities: true,
  limits: { maxInputLength: 5_000_000, maxDepth: 200, ellipsis: '…' },
  selectors: [
    { selector: 'head', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'title', format: 'skip' },
    { selector: 'img', format: 'skip' },
    {
      selector: 'a',
      options: { hideLinkHrefIfSameAsText: true, noAnchorUrl: true, linkBrackets: [' <', '>'] },
    },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'h4', options: { uppercase: false } },
    { selector: 'h5', options: { uppercase: false } },
    { selector: 'h6', options: { uppercase: false } },
    {
      selector: 'table',
      format: 'dataTable',
      options: { uppercaseHeaderCells: false, maxColumnWidth: 60, colSpacing: 2, rowSpacing: 0 },
    },
    { selector: 'hr', options: { length: 20 } },
  ],
});

/** Plain text from a mail's HTML. Pure; never throws (malformed HTML is read as far as it goes). */
export function htmlToPlainText(html: string): string {
  try {
    return convert(html)
      .replace(/[ \t]+\n/g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  } catch {
    return '';
  }
}
