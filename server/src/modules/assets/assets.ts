import { sql } from 'drizzle-orm';
import type { AssetSummaryDto } from '../../../../contracts/assets.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';

/** One row of the asset queries (assets a joined with their owner). */
export interface AssetRow extends Record<string, unknown> {
  id: number;
  name: string;
  type: string;
  serial_number: string | null;
  location: string | null;
  owner_id: number | null;
  owner_name: string | null;
  status: AssetSummaryDto['status'];
  criticality: AssetSummaryDto['criticality'];
  custom_fields: AssetSummaryDto['customFields'];
  created_at: Date | string;
  updated_at: Date | string;
}

export const SELECT_ASSET = sql`select a.id, a.name, a.type, a.serial_number, a.location, a.owner_id,
  u.name as owner_name, a.status, a.criticality, a.custom_fields, a.created_at, a.updated_at
  from assets a left join identity_users_v u on u.id = a.owner_id`;

export const isoTime = (value: Date | string) =>
  (value instanceof Date ? value : new Date(value)).toISOString();

export function presentAsset(row: AssetRow): AssetSummaryDto {
  return {
    id: Number(row.id),
    name: row.name,
    type: row.type,
    serialNumber: row.serial_number,
    location: row.location,
    owner: row.owner_id === null ? null : { id: Number(row.owner_id), name: row.owner_name ?? '' },
    status: row.status,
    criticality: row.criticality,
    customFields: row.custom_fields ?? {},
    createdAt: isoTime(row.created_at),
    updatedAt: isoTime(row.updated_at),
  };
}

/** One asset by id, or 404 `asset.missing`. */
export async function loadAsset(
  tx: Queryable,
  id: number,
  options: { forUpdate?: boolean } = {},
): Promise<AssetRow> {
  const lock = options.forUpdate ? sql` for update of a` : sql``;
  const { rows } = await tx.execute<AssetRow>(sql`${SELECT_ASSET} where a.id = ${id}${lock}`);
  const row = rows[0];
  if (!row) throw new AppError('asset.missing');
  return row;
}

/** 409 `asset.serial_taken` when another asset has the serial number (compared without case). */
export async function assertSerialFree(
  tx: Queryable,
  serial: string | null | undefined,
  exceptId: number | null,
  field = 'serialNumber',
): Promise<void> {
  if (!serial) return;
  const { rows } = await tx.execute<{ id: number }>(
    sql`select id from assets where serial_number = ${serial} and id is distinct from ${exceptId} limit 1`,
  );
  if (rows.length) throw new AppError('asset.serial_taken', { field });
}

/** Empty text means "none". */
export const blankToNull = (value: string | null | undefined) =>
  value === undefined ? undefined : value === null || value.trim() === '' ? null : value.trim();
