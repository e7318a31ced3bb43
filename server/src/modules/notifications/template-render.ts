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

/** Replaces `{{ path }}` with the value (or nothing when it is missing). Pure. */
export function renderText(template: string, vars: TemplateVars): string {
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, path: string) => {
    const value = lookup(vars, path);
    return value === undefined || value === null ? '' : String(value);
  });
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
      /https?:\/\/[^\s<>&]+/g,
      (url) => `<a href="${url}">${url}</a>`,
    );
    return `<p>${escaped.replaceAll('\n', '<br>')}</p>`;
  });
  return `<!doctype html><html><body style="font-family:sans-serif;font-size:14px;line-height:1.5">${paragraphs.join('\n')}</body></html>`;
}
