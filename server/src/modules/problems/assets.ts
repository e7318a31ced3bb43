import type { Queryable } from '../../platform/db/database.ts';

/**
 * The affected assets of a problem. Until the assets module is merged the ids are only
 * de-duplicated; afterwards they are checked with the assets module's `assertAssetIds`.
 */
export async function checkAssetIds(_tx: Queryable, ids: readonly number[]): Promise<number[]> {
  return [...new Set(ids)];
}

/** The names of the affected assets for the problem's page (the assets module's, once merged). */
export async function assetNames(
  _tx: Queryable,
  ids: readonly number[],
): Promise<{ id: number; name: string }[]> {
  return ids.map((id) => ({ id, name: `#${id}` }));
}
