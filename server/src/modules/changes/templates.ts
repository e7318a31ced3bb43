import { desc, eq } from 'drizzle-orm';
import type { ChangeTemplateDto, ChangeTemplateInput } from '../../../../contracts/changes.ts';
import { changeTemplates } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { diff, recordEvent } from '../audit/index.ts';
import type { Actor } from '../identity/index.ts';
import { assertChangeAdmin, assertChangeWork } from './access.ts';

// Standard change templates (pre-approved): list, create and edit, in one small file.

type TemplateRow = typeof changeTemplates.$inferSelect;
const toDto = (row: TemplateRow): ChangeTemplateDto => ({ ...row, createdAt: row.createdAt.toISOString() });

export async function listTemplates(options: {
  tx: Tx;
  actor: Actor;
}): Promise<{ items: ChangeTemplateDto[] }> {
  assertChangeWork(options.actor);
  const rows = await options.tx
    .select()
    .from(changeTemplates)
    .orderBy(desc(changeTemplates.active), changeTemplates.name);
  return { items: rows.map(toDto) };
}

export async function createTemplate(options: {
  tx: Tx;
  actor: Actor;
  input: ChangeTemplateInput;
}): Promise<ChangeTemplateDto> {
  const { tx, actor } = options;
  assertChangeAdmin(actor);
  const input = options.input as Required<ChangeTemplateInput>;
  const [row] = await tx.insert(changeTemplates).values(input).returning();
  if (!row) throw new Error('insert returned no row');
  await recordEvent(tx, {
    kind: 'change.template_created',
    entityType: 'change_template',
    entityId: row.id,
    actorId: actor.id,
    data: { templateId: row.id, name: row.name },
  });
  return toDto(row);
}

export async function updateTemplate(options: {
  tx: Tx;
  actor: Actor;
  templateId: number;
  input: Partial<ChangeTemplateInput>;
}): Promise<ChangeTemplateDto> {
  const { tx, actor, input } = options;
  assertChangeAdmin(actor);
  const [row] = await tx
    .select()
    .from(changeTemplates)
    .where(eq(changeTemplates.id, options.templateId))
    .for('update');
  if (!row) throw new AppError('change.template_not_found', { params: { id: options.templateId } });
  // An empty PATCH changes nothing (the API's rule): answer the template as it is.
  if (Object.keys(input).length === 0) return toDto(row);
  const [updated] = await tx
    .update(changeTemplates)
    .set(input)
    .where(eq(changeTemplates.id, row.id))
    .returning();
  if (!updated) throw new Error('update returned no row');
  const changes = diff(row as unknown as Record<string, unknown>, input as Record<string, unknown>);
  if (Object.keys(changes).length > 0)
    await recordEvent(tx, {
      kind: 'change.template_updated',
      entityType: 'change_template',
      entityId: row.id,
      actorId: actor.id,
      data: { templateId: row.id, changes },
    });
  return toDto(updated);
}
