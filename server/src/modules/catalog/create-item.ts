import type { CatalogItemDto, CreateCatalogItemInput } from '../../../../contracts/catalog.ts';
import { catalogItems } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { assertDefinition, itemColumns, itemDto } from './items.ts';

/** Adds a service to the catalog (administrators); a bad definition is a 400 and saves nothing. */
export async function createItem(options: {
  tx: Tx;
  actor: Actor;
  input: CreateCatalogItemInput;
}): Promise<CatalogItemDto> {
  const { tx, actor, input } = options;
  assertCan(actor, 'settings.manage');
  await assertDefinition(tx, input);
  const [row] = await tx.insert(catalogItems).values(itemColumns(input)).returning();
  if (!row) throw new Error('no catalog item inserted');
  await recordEvent(tx, {
    kind: 'catalog.item_created',
    entityType: 'catalog_item',
    entityId: row.id,
    actorId: actor.id,
    data: { name: input.name, published: input.published },
  });
  return itemDto(row);
}
