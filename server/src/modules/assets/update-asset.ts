import { eq } from 'drizzle-orm';
import type { AssetDto, UpdateAssetInput } from '../../../../contracts/assets.ts';
import { assets } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { diff, recordEvent } from '../audit/index.ts';
import { type Actor, assertCan, findActivePerson, isUniqueViolation } from '../identity/index.ts';
import { typeFields } from './asset-types.ts';
import { assertSerialFree, blankToNull } from './assets.ts';
import { validateCustomFields } from './custom-fields.ts';
import { getAsset } from './get-asset.ts';

type AssetRecord = typeof assets.$inferSelect;

/**
 * An agent changes an asset. A new type, or new custom field values, are checked against the
 * type's fields (custom fields are replaced as a whole when given). One `asset.updated` event
 * carries the before and after of each changed field.
 */
export async function updateAsset(options: {
  tx: Tx;
  actor: Actor;
  assetId: number;
  input: UpdateAssetInput;
}): Promise<AssetDto> {
  const { tx, actor, assetId, input } = options;
  assertCan(actor, 'ticket.work');
  const [before] = await tx.select().from(assets).where(eq(assets.id, assetId)).for('update');
  if (!before) throw new AppError('asset.missing');
  const next: Partial<AssetRecord> = {};
  if (input.name !== undefined) next.name = input.name.trim();
  if (input.type !== undefined) next.type = input.type;
  if (input.location !== undefined) next.location = blankToNull(input.location) ?? null;
  if (input.status !== undefined) next.status = input.status;
  if (input.criticality !== undefined) next.criticality = input.criticality;
  if (input.serialNumber !== undefined) {
    next.serialNumber = blankToNull(input.serialNumber) ?? null;
    if (next.serialNumber !== before.serialNumber) await assertSerialFree(tx, next.serialNumber, assetId);
  }
  if (input.ownerId !== undefined) {
    if (
      input.ownerId !== null &&
      input.ownerId !== before.ownerId &&
      !(await findActivePerson(tx, input.ownerId))
    )
      throw new AppError('asset.owner_invalid', { field: 'ownerId' });
    next.ownerId = input.ownerId;
  }
  if (input.type !== undefined || input.customFields !== undefined) {
    const fields = await typeFields(tx, next.type ?? before.type);
    next.customFields = validateCustomFields(fields, input.customFields ?? before.customFields);
  }
  const changes = diff(before as unknown as Record<string, unknown>, next);
  if (
    changes.customFields &&
    JSON.stringify(changes.customFields.from) === JSON.stringify(changes.customFields.to)
  )
    delete changes.customFields;
  if (Object.keys(changes).length === 0) return getAsset({ tx, actor, assetId });
  try {
    await tx
      .update(assets)
      .set({ ...next, updatedAt: new Date() })
      .where(eq(assets.id, assetId));
  } catch (error) {
    if (isUniqueViolation(error, 'assets_serial_number_key'))
      throw new AppError('asset.serial_taken', { field: 'serialNumber' });
    throw error;
  }
  await recordEvent(tx, {
    kind: 'asset.updated',
    entityType: 'asset',
    entityId: assetId,
    actorId: actor.id,
    data: { changes },
  });
  return getAsset({ tx, actor, assetId });
}
