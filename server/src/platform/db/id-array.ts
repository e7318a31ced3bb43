import { type SQL, sql } from 'drizzle-orm';

/** Ids as one `bigint[]` parameter, for `= any(${idArray(ids)})` however many there are. */
export function idArray(ids: Iterable<number>): SQL {
  return sql`${`{${[...ids].map(Number).join(',')}}`}::bigint[]`;
}
