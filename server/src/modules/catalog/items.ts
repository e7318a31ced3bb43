import { eq } from 'drizzle-orm';
import type { CatalogItemDto, CreateCatalogItemInput } from '../../../../contracts/catalog.ts';
import { catalogItems, kbArticlesView, slaPoliciesView } from '../../db/schema.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { assertApproverRules } from '../approvals/index.ts';
import { findActivePerson, findTeam } from '../identity/index.ts';
import { formProblem } from './form-definition.ts';

export type ItemRow = typeof catalogItems.$inferSelect;

export function itemDto(row: ItemRow): CatalogItemDto {
  return {
    id: row.id,
    parentId: row.parentId,
    name: { 'zh-CN': row.nameZh, en: row.nameEn },
    description: { 'zh-CN': row.descriptionZh, en: row.descriptionEn },
    form: row.form,
    approval: row.approval ?? null,
    tasks: row.tasks,
    taskOrder: row.taskOrder,
    slaPolicyId: row.slaPolicyId,
    guide: row.guide,
    articleId: row.articleId,
    published: row.published,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The columns of an item definition. */
export function itemColumns(item: CreateCatalogItemInput) {
  return {
    parentId: item.parentId,
    nameZh: item.name['zh-CN'],
    nameEn: item.name.en,
    descriptionZh: item.description['zh-CN'],
    descriptionEn: item.description.en,
    form: item.form,
    approval: item.approval,
    tasks: item.tasks,
    taskOrder: item.taskOrder,
    slaPolicyId: item.slaPolicyId,
    guide: item.guide,
    articleId: item.articleId,
    published: item.published,
  };
}

export async function findItem(db: Queryable, id: number, lock = false): Promise<ItemRow> {
  const query = db.select().from(catalogItems).where(eq(catalogItems.id, id));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw new AppError('catalog.item_not_found');
  return row;
}

/**
 * Checks a whole item definition before anything is written: the form, the parent (no
 * cycle), the approvers (active people), the task teams, the SLA policy and the article.
 */
export async function assertDefinition(tx: Tx, item: CreateCatalogItemInput, itemId?: number): Promise<void> {
  const problem = formProblem(item.form);
  if (problem) throw new AppError(problem.code, { field: problem.field, params: problem.params });
  let parentId = item.parentId;
  for (let depth = 0; parentId !== null; depth++) {
    if (parentId === itemId || depth > 20) {
      throw new AppError('catalog.parent_invalid', { field: 'parentId' });
    }
    const [parent] = await tx
      .select({ parentId: catalogItems.parentId })
      .from(catalogItems)
      .where(eq(catalogItems.id, parentId));
    if (!parent) throw new AppError('catalog.parent_invalid', { field: 'parentId' });
    parentId = parent.parentId;
  }
  if (item.approval) {
    const ids = item.approval.approverIds;
    for (const [index, id] of ids.entries()) {
      if (ids.indexOf(id) !== index || !(await findActivePerson(tx, id))) {
        throw new AppError('catalog.approver_invalid', {
          field: `approval.approverIds.${index}`,
          params: { id },
        });
      }
    }
    await assertApproverRules(tx, item.approval.approverRules ?? [], 'approval.approverRules');
  }
  for (const [index, task] of item.tasks.entries()) {
    if (!(await findTeam(tx, task.teamId))) {
      throw new AppError('catalog.team_invalid', {
        field: `tasks.${index}.teamId`,
        params: { id: task.teamId },
      });
    }
  }
  if (item.slaPolicyId !== null) {
    const [policy] = await tx.select().from(slaPoliciesView).where(eq(slaPoliciesView.id, item.slaPolicyId));
    if (!policy) throw new AppError('catalog.sla_policy_invalid', { field: 'slaPolicyId' });
  }
  if (item.articleId !== null) {
    const [article] = await tx
      .select({ id: kbArticlesView.id })
      .from(kbArticlesView)
      .where(eq(kbArticlesView.id, item.articleId));
    if (!article) throw new AppError('catalog.article_invalid', { field: 'articleId' });
  }
}
