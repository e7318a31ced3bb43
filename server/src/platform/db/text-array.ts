import { type SQL, sql } from 'drizzle-orm';

/**
 * Texts as one `text[]` parameter, however many there are: each element quoted, its
 * backslashes and double quotes escaped, so that any text (a comma, a brace, a quote) arrives
 * as it was given.
 */
export function textArray(values: readonly string[]): SQL {
  return sql`${`{${values.map((v) => `"${v.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`}::text[]`;
}
