import { eq } from 'drizzle-orm';
import { catalogItems, catalogRequests } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { findItem } from './items.ts';

/** Deletes an item nobody requested and with no sub-items (otherwise: unpublish it). */
export async function deleteItem(options: { tx: Tx; actor: Actor; itemId: number }): Promise<void> {
  const { tx, actor, itemId } = options;
  assertCan(actor, 'settings.manage');
  const item = await findItem(tx, itemId, true);
  const [child] = await tx
    .select({ id: catalogItems.id })
    .from(catalogItems)
    .where(eq(catalogItems.parentId, itemId))
    .limit(1);
  const [request] = await tx
    .select({ id: catalogRequests.id })
    .from(catalogRequests)
    .where(eq(catalogRequests.itemId, itemId))
    .limit(1);
  if (child || request) throw new AppError('catalog.item_in_use');
  await tx.delete(catalogItems).where(eq(catalogItems.id, itemId));
  await recordEvent(tx, {
    kind: 'catalog.item_deleted',
    entityType: 'catalog_item',
    entityId: itemId,
    actorId: actor.id,
    data: { name: { 'zh-CN': item.nameZh, en: item.nameEn } },
  });
}
