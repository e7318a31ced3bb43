import { sql } from 'drizzle-orm';
import type { FreezeDto, FreezeList } from '../../../../contracts/changes.ts';
import type { Tx } from '../../platform/db/database.ts';
import type { Actor } from '../identity/index.ts';
import { assertChangeWork } from './access.ts';

type FreezeRow = {
  id: number;
  name: string;
  starts_at: Date | string;
  ends_at: Date | string;
  reason: string;
  created_by: number | null;
  creator_name: string | null;
  created_at: Date | string;
};

const toDto = (row: FreezeRow): FreezeDto => ({
  id: Number(row.id),
  name: row.name,
  startsAt: new Date(row.starts_at).toISOString(),
  endsAt: new Date(row.ends_at).toISOString(),
  reason: row.reason,
  createdBy: row.created_by === null ? null : { id: Number(row.created_by), name: row.creator_name ?? '' },
  createdAt: new Date(row.created_at).toISOString(),
});

const SELECT = sql`select f.id, f.name, f.starts_at, f.ends_at, f.reason, f.created_by, u.name as creator_name, f.created_at
  from change_freezes f left join identity_users_v u on u.id = f.created_by`;

/** Freeze windows overlapping [from, to), earliest first. */
export async function listFreezesBetween(tx: Tx, from: Date, to: Date): Promise<FreezeDto[]> {
  const result = await tx.execute<FreezeRow>(sql`${SELECT}
    where f.starts_at < ${to.toISOString()}::timestamptz and f.ends_at > ${from.toISOString()}::timestamptz
    order by f.starts_at, f.id limit 500`);
  return result.rows.map(toDto);
}

export async function findFreeze(tx: Tx, freezeId: number): Promise<FreezeDto | null> {
  const result = await tx.execute<FreezeRow>(sql`${SELECT} where f.id = ${freezeId}`);
  const row = result.rows[0];
  return row ? toDto(row) : null;
}

/** `GET /change-freezes`: the windows not yet over (and the last 30 days'), earliest first. */
export async function listFreezes(options: { tx: Tx; actor: Actor }): Promise<FreezeList> {
  assertChangeWork(options.actor);
  const result = await options.tx.execute<FreezeRow>(sql`${SELECT}
    where f.ends_at > now() - interval '30 days' order by f.starts_at, f.id limit 500`);
  return { items: result.rows.map(toDto) };
}
