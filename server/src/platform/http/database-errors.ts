import { AppError } from './errors.ts';

/** PostgreSQL's SQLSTATE classes that say the data sent was at fault, not the server. */
const DATA_FAULTS: Record<string, string> = {
  '22001': 'a value is too long',
  '22003': 'a number is out of range',
  '22007': 'a date or time is not valid',
  '22008': 'a date or time is out of range',
  '22021': 'a text holds a character that cannot be stored',
  '22P02': 'a value has the wrong form',
  '22P05': 'a text holds a character that cannot be stored',
  '23502': 'a required value is missing',
  '23514': 'a value is not allowed',
  '54000': 'a value is too long to be indexed',
};

interface PgError {
  code?: unknown;
  detail?: unknown;
  column?: unknown;
}

function pgErrorOf(error: unknown): PgError | null {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const candidate = current as PgError & { cause?: unknown };
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) return candidate;
    current = candidate.cause;
  }
  return null;
}

/**
 * A database refusal that the request's own data caused (a reference to a record that does
 * not exist, a duplicate, a value PostgreSQL cannot store), as the client error it is; null
 * for anything else (a real fault: a 500). The message never carries the SQL or its
 * parameters; the caller logs the database's own words.
 */
export function databaseRefusal(error: unknown): AppError | null {
  const pg = pgErrorOf(error);
  if (!pg || typeof pg.code !== 'string') return null;
  const detail = typeof pg.detail === 'string' ? pg.detail : '';
  const column = typeof pg.column === 'string' ? pg.column : /Key \(([\w, ]+)\)/.exec(detail)?.[1];
  const field = column ? camelCase(column.split(',')[0]?.trim() ?? column) : undefined;
  if (pg.code === '23503') {
    return new AppError('validation.invalid', {
      ...(field ? { field } : {}),
      params: { detail: `${field ?? 'body'}: refers to a record that does not exist` },
    });
  }
  if (pg.code === '23505') return new AppError('request.conflict', field ? { field } : {});
  const what = DATA_FAULTS[pg.code];
  if (!what) return null;
  return new AppError('validation.invalid', {
    ...(field ? { field } : {}),
    params: { detail: `${field ?? 'body'}: ${what}` },
  });
}

function camelCase(column: string): string {
  return column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}
