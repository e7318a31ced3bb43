import { eq, sql } from 'drizzle-orm';
import type {
  AssetTypeDto,
  AssetTypeField,
  AssetTypeInput,
  UpdateAssetTypeInput,
} from '../../../../contracts/assets.ts';
import { assetTypes } from '../../db/schema.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { diff, recordEvent } from '../audit/index.ts';
import { type Actor, assertCan } from '../identity/index.ts';

type TypeRow = typeof assetTypes.$inferSelect;

function present(row: TypeRow): AssetTypeDto {
  return {
    key: row.key,
    label: row.label,
    fields: row.fields.map((f) => ({ ...f, required: f.required ?? false })),
    builtin: row.builtin,
  };
}

export async function listAssetTypes(options: { tx: Queryable; actor: Actor }): Promise<AssetTypeDto[]> {
  assertCan(options.actor, 'ticket.work');
  const rows = await options.tx.select().from(assetTypes).orderBy(sql`builtin desc, key`);
  return rows.map(present);
}

/** The fields of a type; 400 `asset.type_unknown` (naming `field`) when there is no such type. */
export async function typeFields(tx: Queryable, key: string, field = 'type'): Promise<AssetTypeField[]> {
  const [row] = await tx
    .select({ fields: assetTypes.fields })
    .from(assetTypes)
    .where(eq(assetTypes.key, key));
  if (!row) throw new AppError('asset.type_unknown', { field, params: { type: key } });
  return row.fields;
}

/** An administrator adds a type of asset with its custom fields. */
export async function createAssetType(options: {
  tx: Tx;
  actor: Actor;
  input: AssetTypeInput;
}): Promise<AssetTypeDto> {
  const { tx, actor, input } = options;
  assertCan(actor, 'asset.manage');
  const [row] = await tx
    .insert(assetTypes)
    .values({ key: input.key, label: input.label, fields: input.fields })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new AppError('asset.type_exists', { field: 'key' });
  await recordEvent(tx, {
    kind: 'asset.type_created',
    entityType: 'asset_type',
    entityId: null,
    actorId: actor.id,
    data: { key: row.key, fields: row.fields.length },
  });
  return present(row);
}

/**
 * An administrator renames a type or changes its fields. Existing assets keep their values;
 * the new rules apply when an asset is next saved.
 */
export async function updateAssetType(options: {
  tx: Tx;
  actor: Actor;
  key: string;
  input: UpdateAssetTypeInput;
}): Promise<AssetTypeDto> {
  const { tx, actor, key, input } = options;
  assertCan(actor, 'asset.manage');
  const [before] = await tx.select().from(assetTypes).where(eq(assetTypes.key, key)).for('update');
  if (!before) throw new AppError('asset.type_missing');
  const next: Partial<TypeRow> = {};
  if (input.label !== undefined) next.label = input.label;
  if (input.fields !== undefined) next.fields = input.fields;
  const changes = diff(
    { label: JSON.stringify(before.label), fields: JSON.stringify(before.fields) },
    {
      label: next.label ? JSON.stringify(next.label) : undefined,
      fields: next.fields ? JSON.stringify(next.fields) : undefined,
    },
  );
  if (Object.keys(changes).length === 0) return present(before);
  const [row] = await tx
    .update(assetTypes)
    .set({ ...next, updatedAt: new Date() })
    .where(eq(assetTypes.key, key))
    .returning();
  if (!row) throw new AppError('asset.type_missing');
  await recordEvent(tx, {
    kind: 'asset.type_updated',
    entityType: 'asset_type',
    entityId: null,
    actorId: actor.id,
    data: { key, changes },
  });
  return present(row);
}
