import { eq } from 'drizzle-orm';
import type { CatalogItemDto, CreateCatalogItemInput } from '../../../../contracts/catalog.ts';
import { catalogItems, kbArticlesView, slaPoliciesView } from '../../db/schema.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
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

function invalid(field: string, en: string, zh: string): AppError {
  return new AppError('catalog.invalid_definition', { field, params: { reason: en, reasonZh: zh } });
}

/**
 * Checks a whole item definition before anything is written: the form, the parent (no
 * cycle), the approvers (active people), the task teams, the SLA policy and the article.
 */
export async function assertDefinition(tx: Tx, item: CreateCatalogItemInput, itemId?: number): Promise<void> {
  const problem = formProblem(item.form);
  if (problem) throw invalid(problem.field, problem.reason.en, problem.reason.zh);
  let parentId = item.parentId;
  for (let depth = 0; parentId !== null; depth++) {
    if (parentId === itemId || depth > 20) {
      throw invalid('parentId', 'an item cannot be placed under itself', '服务目录项不能放在自身之下');
    }
    const [parent] = await tx
      .select({ parentId: catalogItems.parentId })
      .from(catalogItems)
      .where(eq(catalogItems.id, parentId));
    if (!parent) throw invalid('parentId', 'the parent item does not exist', '上级服务目录项不存在');
    parentId = parent.parentId;
  }
  if (item.approval) {
    const ids = item.approval.approverIds;
    for (const [index, id] of ids.entries()) {
      if (ids.indexOf(id) !== index) {
        throw invalid(`approval.approverIds.${index}`, 'an approver is listed twice', '审批人重复');
      }
      if (!(await findActivePerson(tx, id))) {
        throw invalid(`approval.approverIds.${index}`, `no active user ${id}`, `用户 ${id} 不存在或已停用`);
      }
    }
  }
  for (const [index, task] of item.tasks.entries()) {
    if (!(await findTeam(tx, task.teamId))) {
      throw invalid(`tasks.${index}.teamId`, `no team ${task.teamId}`, `团队 ${task.teamId} 不存在`);
    }
  }
  if (item.slaPolicyId !== null) {
    const [policy] = await tx.select().from(slaPoliciesView).where(eq(slaPoliciesView.id, item.slaPolicyId));
    if (!policy) throw invalid('slaPolicyId', 'no such SLA policy', 'SLA 策略不存在');
  }
  if (item.articleId !== null) {
    const [article] = await tx
      .select({ id: kbArticlesView.id })
      .from(kbArticlesView)
      .where(eq(kbArticlesView.id, item.articleId));
    if (!article) throw invalid('articleId', 'no such knowledge article', '知识库文章不存在');
  }
}
