import { eq } from 'drizzle-orm';
import type { CatalogItemDto, UpdateCatalogItemInput } from '../../../../contracts/catalog.ts';
import { catalogItems } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { assertDefinition, findItem, itemColumns, itemDto } from './items.ts';

/** Changes an item (administrators): the whole definition after the change is checked again. */
export async function updateItem(options: {
  tx: Tx;
  actor: Actor;
  itemId: number;
  input: UpdateCatalogItemInput;
}): Promise<CatalogItemDto> {
  const { tx, actor, itemId, input } = options;
  assertCan(actor, 'settings.manage');
  const before = itemDto(await findItem(tx, itemId, true));
  const next = { ...before, ...input };
  await assertDefinition(tx, next, itemId);
  const columns = itemColumns(next);
  const [row] = await tx
    .update(catalogItems)
    .set({ ...columns, updatedAt: new Date() })
    .where(eq(catalogItems.id, itemId))
    .returning();
  if (!row) throw new Error('catalog item vanished');
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, to] of Object.entries(input)) {
    const from = before[key as keyof CatalogItemDto];
    if (to !== undefined && JSON.stringify(from) !== JSON.stringify(to)) changes[key] = { from, to };
  }
  await recordEvent(tx, {
    kind: 'catalog.item_updated',
    entityType: 'catalog_item',
    entityId: itemId,
    actorId: actor.id,
    data: { changes },
  });
  return itemDto(row);
}
