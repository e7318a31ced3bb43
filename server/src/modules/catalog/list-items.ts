import { asc, eq } from 'drizzle-orm';
import type { CatalogItemDto } from '../../../../contracts/catalog.ts';
import { catalogItems } from '../../db/schema.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { type Actor, can } from '../identity/index.ts';
import { findItem, itemDto } from './items.ts';

/** The catalog: everyone signed in sees the published items; administrators see all (`all`). */
export async function listItems(options: {
  tx: Queryable;
  actor: Actor;
  all: boolean;
}): Promise<CatalogItemDto[]> {
  const { tx, actor } = options;
  const all = options.all && can(actor, 'settings.manage');
  const rows = await tx
    .select()
    .from(catalogItems)
    .where(all ? undefined : eq(catalogItems.published, true))
    .orderBy(asc(catalogItems.nameZh), asc(catalogItems.id));
  return rows.map(itemDto);
}

/** One item; an unpublished one only for administrators (404 for the others). */
export async function getItem(options: {
  tx: Queryable;
  actor: Actor;
  itemId: number;
}): Promise<CatalogItemDto> {
  const row = await findItem(options.tx, options.itemId);
  if (!row.published && !can(options.actor, 'settings.manage')) throw new AppError('catalog.item_not_found');
  return itemDto(row);
}
