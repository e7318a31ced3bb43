import { type SQL, sql } from 'drizzle-orm';

/** Ids as PostgreSQL's array literal (`{1,2,3}`), for a `bigint[]` parameter given as a value. */
export function idArrayLiteral(ids: Iterable<number>): string {
  return `{${[...ids].map(Number).join(',')}}`;
}

/** Ids as one `bigint[]` parameter, for `= any(${idArray(ids)})` however many there are. */
export function idArray(ids: Iterable<number>): SQL {
  return sql`${idArrayLiteral(ids)}::bigint[]`;
}
