// TEMPORARY until the merge of i14-assets: the assets module's index functions this module uses.
import type { Tx } from '../../platform/db/database.ts';

export async function assertAssetIds(_tx: Tx, _ids: number[], _field?: string): Promise<void> {}
export async function relatedAssetIds(_tx: Tx, ids: number[]): Promise<number[]> {
  return ids;
}
export async function assetCriticalities(
  _tx: Tx,
  _ids: number[],
): Promise<Map<number, 'low' | 'medium' | 'high' | 'critical'>> {
  return new Map();
}
export async function openIncidentCounts(_tx: Tx, _ids: number[]): Promise<Map<number, number>> {
  return new Map();
}
