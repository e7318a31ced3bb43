import { asc, eq } from 'drizzle-orm';
import type { NoticeTemplateDto } from '../../../../contracts/channels.ts';
import { noticeTemplates } from '../../db/schema.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { renderText, templateVariables } from './template-render.ts';

type Row = typeof noticeTemplates.$inferSelect;
type Kind = Row['kind'];
type Locale = Row['locale'];

function present(row: Row): NoticeTemplateDto {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    locale: row.locale,
    subject: row.subject,
    body: row.body,
    variables: templateVariables(`${row.subject}\n${row.body}`),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Every notice states the impact and the expected recovery time (CM-2): the template must use both. */
function assertStatesImpactAndRecovery(subject: string, body: string): void {
  const used = templateVariables(`${subject}\n${body}`);
  for (const required of ['impact', 'expectedRecovery']) {
    if (!used.includes(required))
      throw new AppError('validation.invalid', {
        field: 'body',
        params: { detail: `a notice must state {{${required}}}` },
      });
  }
}

export async function listNoticeTemplates(options: {
  tx: Queryable;
  actor: Actor;
}): Promise<NoticeTemplateDto[]> {
  assertCan(options.actor, 'ticket.work');
  const rows = await options.tx
    .select()
    .from(noticeTemplates)
    .orderBy(asc(noticeTemplates.kind), asc(noticeTemplates.id));
  return rows.map(present);
}

export async function createNoticeTemplate(options: {
  tx: Tx;
  actor: Actor;
  input: { kind: Kind; name: string; locale: Locale; subject: string; body: string };
}): Promise<NoticeTemplateDto> {
  const { tx, actor, input } = options;
  assertCan(actor, 'settings.manage');
  assertStatesImpactAndRecovery(input.subject, input.body);
  const [row] = await tx
    .insert(noticeTemplates)
    .values({ ...input, createdBy: actor.id })
    .returning();
  if (!row) throw new Error('insert returned no row');
  await recordEvent(tx, {
    kind: 'notice_template.created',
    entityType: 'notice_template',
    entityId: row.id,
    actorId: actor.id,
  });
  return present(row);
}

export async function updateNoticeTemplate(options: {
  tx: Tx;
  actor: Actor;
  id: number;
  input: Partial<{ kind: Kind; name: string; locale: Locale; subject: string; body: string }>;
}): Promise<NoticeTemplateDto> {
  const { tx, actor, id, input } = options;
  assertCan(actor, 'settings.manage');
  const [before] = await tx.select().from(noticeTemplates).where(eq(noticeTemplates.id, id));
  if (!before) throw new AppError('channels.notice_not_found');
  assertStatesImpactAndRecovery(input.subject ?? before.subject, input.body ?? before.body);
  const [row] = await tx
    .update(noticeTemplates)
    .set({ ...input, updatedAt: new Date() })
    .where(eq(noticeTemplates.id, id))
    .returning();
  if (!row) throw new AppError('channels.notice_not_found');
  await recordEvent(tx, {
    kind: 'notice_template.updated',
    entityType: 'notice_template',
    entityId: id,
    actorId: actor.id,
  });
  return present(row);
}

export async function deleteNoticeTemplate(options: { tx: Tx; actor: Actor; id: number }): Promise<void> {
  const { tx, actor, id } = options;
  assertCan(actor, 'settings.manage');
  const [row] = await tx
    .delete(noticeTemplates)
    .where(eq(noticeTemplates.id, id))
    .returning({ id: noticeTemplates.id });
  if (!row) throw new AppError('channels.notice_not_found');
  await recordEvent(tx, {
    kind: 'notice_template.deleted',
    entityType: 'notice_template',
    entityId: id,
    actorId: actor.id,
  });
}

/** A ready-to-send notice: the template filled with the impact, the expected recovery and the rest. */
export async function renderNotice(options: {
  tx: Queryable;
  actor: Actor;
  id: number;
  input: {
    impact: string;
    expectedRecovery: string;
    service?: string | undefined;
    extra?: Record<string, string> | undefined;
  };
}): Promise<{ subject: string; body: string }> {
  const { tx, actor, id, input } = options;
  assertCan(actor, 'ticket.work');
  const [row] = await tx.select().from(noticeTemplates).where(eq(noticeTemplates.id, id));
  if (!row) throw new AppError('channels.notice_not_found');
  const vars = {
    ...(input.extra ?? {}),
    impact: input.impact,
    expectedRecovery: input.expectedRecovery,
    service: input.service ?? '',
  };
  return { subject: renderText(row.subject, vars), body: renderText(row.body, vars) };
}
