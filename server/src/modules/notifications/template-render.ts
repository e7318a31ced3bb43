/** Values a template can use: `{{ticket.number}}` reads vars.ticket.number. */
export type TemplateVars = Record<string, unknown>;

function lookup(vars: TemplateVars, path: string): unknown {
  let value: unknown = vars;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

const VARIABLE = /\{\{\s*([\w.]+)\s*\}\}/g;
/** Marks where a block of trusted HTML goes; stripped from every value, so no value can forge one. */
const MARK = '\uE000';

function valueText(vars: TemplateVars, path: string): string {
  const value = lookup(vars, path);
  return value === undefined || value === null ? '' : String(value).replaceAll(MARK, '');
}

/** Replaces `{{ path }}` with the value (or nothing when it is missing). Pure. */
export function renderText(template: string, vars: TemplateVars): string {
  return template.replace(VARIABLE, (_, path: string) => valueText(vars, path));
}

/**
 * The HTML of a template: the text escaped as `textToHtml` does, except that a variable named
 * in `blocks` becomes the trusted HTML given for it (a table the module built and escaped
 * itself), wherever the administrator put it. Pure.
 */
export function renderHtml(
  template: string,
  vars: TemplateVars,
  blocks: Record<string, string> = {},
): string {
  const placed: string[] = [];
  const text = template.replace(VARIABLE, (_, path: string) => {
    const block = blocks[path];
    if (block === undefined) return valueText(vars, path);
    placed.push(block);
    return `${MARK}${placed.length - 1}${MARK}`;
  });
  return placed.reduce(
    (html, block, i) =>
      html.replaceAll(`<p>${MARK}${i}${MARK}</p>`, block).replaceAll(`${MARK}${i}${MARK}`, block),
    textToHtml(text),
  );
}

/** The variables a template uses, for the editor and for checks. */
export function templateVariables(template: string): string[] {
  return [...new Set([...template.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1] ?? ''))];
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Plain text to simple HTML: paragraphs, line breaks and clickable links; everything escaped. */
export function textToHtml(text: string): string {
  const paragraphs = text.split(/\n{2,}/).map((paragraph) => {
    const escaped = escapeHtml(paragraph).replace(
      /https?:\/\/[^\s<>&\uE000]+/g,
      (url) => `<a href="${url}">${url}</a>`,
    );
    return `<p>${escaped.replaceAll('\n', '<br>')}</p>`;
  });
  return `<!doctype html><html><body style="font-family:sans-serif;font-size:14px;line-height:1.5">${paragraphs.join('\n')}</body></html>`;
}
