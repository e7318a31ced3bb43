import { AppError } from '../../platform/http/errors.ts';
import type { ExportLocale } from './labels.ts';

const DEFAULT_DAYS = 30;

/**
 * The period of a figures report (`?from&to`, problems and changes): `to` defaults to now and
 * `from` to 30 days before it; an empty or inverted period is a 400 on `from`.
 */
export function figuresPeriod(
  query: { from?: string; to?: string },
  now = new Date(),
): { from: Date; to: Date } {
  const to = query.to ? new Date(query.to) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_DAYS * 86_400_000);
  if (from >= to)
    throw new AppError('validation.invalid', { field: 'from', params: { detail: 'from < to' } });
  return { from, to };
}

/** A bilingual word list's reader for the weekly report's tables: [en, zh] by key. */
export function wordsIn(
  words: Record<string, [string, string]>,
  locale: ExportLocale,
): (key: string) => string {
  return (key) => words[key]?.[locale === 'en' ? 0 : 1] ?? key;
}
