import type { AssetDto, CreateAssetInput } from '../../../../contracts/assets.ts';
import { assets } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, assertCan, findActivePerson, isUniqueViolation } from '../identity/index.ts';
import { typeFields } from './asset-types.ts';
import { assertSerialFree, blankToNull } from './assets.ts';
import { validateCustomFields } from './custom-fields.ts';
import { getAsset } from './get-asset.ts';

export type NewAsset = Omit<typeof assets.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;

/** Checks an asset's input (type, custom fields, owner, serial) and returns the row to insert. */
export async function checkNewAsset(
  tx: Tx,
  input: CreateAssetInput,
  field = (name: string) => name,
): Promise<NewAsset> {
  const fields = await typeFields(tx, input.type, field('type'));
  let customFields: Record<string, string | number | null>;
  try {
    customFields = validateCustomFields(fields, input.customFields ?? {});
  } catch (error) {
    if (error instanceof AppError && error.field)
      throw new AppError(error.code, { field: field(error.field), params: error.params });
    throw error;
  }
  const serialNumber = blankToNull(input.serialNumber) ?? null;
  await assertSerialFree(tx, serialNumber, null, field('serialNumber'));
  const ownerId = input.ownerId ?? null;
  if (ownerId !== null && !(await findActivePerson(tx, ownerId)))
    throw new AppError('asset.owner_invalid', { field: field('ownerId') });
  return {
    name: input.name.trim(),
    type: input.type,
    serialNumber,
    location: blankToNull(input.location) ?? null,
    ownerId,
    status: input.status ?? 'in_use',
    criticality: input.criticality ?? 'medium',
    customFields,
  };
}

/** An agent records an asset (配置项). */
export async function createAsset(options: {
  tx: Tx;
  actor: Actor;
  input: CreateAssetInput;
}): Promise<AssetDto> {
  const { tx, actor, input } = options;
  assertCan(actor, 'ticket.work');
  const values = await checkNewAsset(tx, input);
  const id = await insertAsset(tx, values);
  await recordEvent(tx, {
    kind: 'asset.created',
    entityType: 'asset',
    entityId: id,
    actorId: actor.id,
    data: { name: values.name, type: values.type, serialNumber: values.serialNumber ?? null },
  });
  return getAsset({ tx, actor, assetId: id });
}

export async function insertAsset(tx: Tx, values: NewAsset): Promise<number> {
  try {
    const [row] = await tx.insert(assets).values(values).returning({ id: assets.id });
    if (!row) throw new Error('insert returned no row');
    return row.id;
  } catch (error) {
    if (isUniqueViolation(error, 'assets_serial_number_key'))
      throw new AppError('asset.serial_taken', { field: 'serialNumber' });
    throw error;
  }
}
