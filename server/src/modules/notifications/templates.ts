import { and, eq } from 'drizzle-orm';
import { messageTemplates } from '../../db/schema.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { allTemplateDefaults, type TemplateText, templateDefault } from './template-defaults.ts';
import { renderHtml, renderText, type TemplateVars, templateVariables } from './template-render.ts';

export type TemplateLocale = 'zh-CN' | 'en';

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

/** The template in force for an event and language: the administrator's, else the built-in one. */
export async function loadTemplate(
  tx: Queryable,
  event: string,
  locale: TemplateLocale,
): Promise<TemplateText> {
  const [custom] = await tx
    .select({ subject: messageTemplates.subject, body: messageTemplates.body })
    .from(messageTemplates)
    .where(and(eq(messageTemplates.event, event), eq(messageTemplates.locale, locale)));
  if (custom) return custom;
  const builtIn = templateDefault(event);
  if (!builtIn) throw new AppError('notifications.template_not_found', { params: { event } });
  return builtIn[locale];
}

/** The template without its paragraphs that use one of the `optional` variables left empty. */
function withoutEmptyParagraphs(body: string, vars: TemplateVars, optional: readonly string[]): string {
  const empty = optional.filter((path) => {
    const value = renderText(`{{${path}}}`, vars);
    return value.trim() === '';
  });
  if (empty.length === 0) return body;
  return body
    .split(/\n{2,}/)
    .filter((paragraph) => !templateVariables(paragraph).some((name) => empty.includes(name)))
    .join('\n\n');
}

/**
 * Renders an event's template in a language with the given variables. `desk.name` is always
 * available. Every value is escaped in the HTML, except the `htmlBlocks` the caller built
 * itself (the text part gets the variable's plain value). A paragraph that uses one of the
 * `optional` variables is left out when that variable is empty (a deadline line without one).
 */
export async function renderTemplate(
  tx: Queryable,
  event: string,
  locale: TemplateLocale,
  vars: TemplateVars,
  options: { htmlBlocks?: Record<string, string>; optional?: readonly string[] } = {},
): Promise<RenderedMessage> {
  return renderLoadedTemplate(await loadTemplate(tx, event, locale), locale, vars, options);
}

/** `renderTemplate` with the template already loaded (a caller rendering many messages of one event). */
export function renderLoadedTemplate(
  loaded: TemplateText,
  locale: TemplateLocale,
  vars: TemplateVars,
  options: { htmlBlocks?: Record<string, string>; optional?: readonly string[] } = {},
): RenderedMessage {
  const template = {
    subject: loaded.subject,
    body: withoutEmptyParagraphs(loaded.body, vars, options.optional ?? []),
  };
  const all = { desk: { name: locale === 'zh-CN' ? 'IT 服务台' : 'IT Service Desk' }, ...vars };
  return {
    subject: renderText(template.subject, all).replace(/[\r\n]+/g, ' '),
    text: renderText(template.body, all),
    html: renderHtml(template.body, all, options.htmlBlocks),
  };
}

export interface TemplateView {
  event: string;
  locale: TemplateLocale;
  description: string;
  subject: string;
  body: string;
  custom: boolean;
  defaultSubject: string;
  defaultBody: string;
  /** What each variable holds, in the template's language (where the module documents it). */
  variableDescriptions: Record<string, string>;
}

export async function listTemplates(options: { tx: Queryable; actor: Actor }): Promise<TemplateView[]> {
  assertCan(options.actor, 'settings.manage');
  const custom = await options.tx.select().from(messageTemplates);
  const views: TemplateView[] = [];
  for (const template of allTemplateDefaults()) {
    for (const locale of ['zh-CN', 'en'] as const) {
      const own = custom.find((c) => c.event === template.event && c.locale === locale);
      views.push({
        event: template.event,
        locale,
        description: template.description[locale],
        subject: own?.subject ?? template[locale].subject,
        body: own?.body ?? template[locale].body,
        custom: Boolean(own),
        defaultSubject: template[locale].subject,
        defaultBody: template[locale].body,
        variableDescriptions: Object.fromEntries(
          Object.entries(template.variables ?? {}).map(([name, text]) => [name, text[locale]]),
        ),
      });
    }
  }
  return views;
}

export async function saveTemplate(options: {
  tx: Tx;
  actor: Actor;
  event: string;
  locale: TemplateLocale;
  input: TemplateText;
}): Promise<void> {
  const { tx, actor, event, locale, input } = options;
  assertCan(actor, 'settings.manage');
  if (!templateDefault(event)) throw new AppError('notifications.template_not_found', { params: { event } });
  await tx
    .insert(messageTemplates)
    .values({ event, locale, subject: input.subject, body: input.body, updatedBy: actor.id })
    .onConflictDoUpdate({
      target: [messageTemplates.event, messageTemplates.locale],
      set: { subject: input.subject, body: input.body, updatedBy: actor.id, updatedAt: new Date() },
    });
  await recordEvent(tx, {
    kind: 'template.saved',
    entityType: 'message_template',
    entityId: null,
    actorId: actor.id,
    data: { event, locale },
  });
}

export async function resetTemplate(options: {
  tx: Tx;
  actor: Actor;
  event: string;
  locale: TemplateLocale;
}): Promise<void> {
  const { tx, actor, event, locale } = options;
  assertCan(actor, 'settings.manage');
  await tx
    .delete(messageTemplates)
    .where(and(eq(messageTemplates.event, event), eq(messageTemplates.locale, locale)));
  await recordEvent(tx, {
    kind: 'template.reset',
    entityType: 'message_template',
    entityId: null,
    actorId: actor.id,
    data: { event, locale },
  });
}
