import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { FAST_TIMESTAMPTZ_TYPES, fastTimestamptz } from './timestamptz.ts';

const pgParse = pg.types.getTypeParser(1184, 'text') as (text: string) => Date | number | null;
const same = (text: string) => {
  const ours = fastTimestamptz(text) as Date | number | null;
  const theirs = pgParse(text);
  expect(ours instanceof Date ? ours.getTime() : ours, text).toEqual(
    theirs instanceof Date ? theirs.getTime() : theirs,
  );
};

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
/** An instant as PostgreSQL writes a timestamptz at a given offset (minutes) and fraction digits. */
function pgText(ms: number, offsetMinutes: number, fractionDigits: number, seconds = 0): string {
  const local = new Date(ms + (offsetMinutes * 60 + Math.sign(offsetMinutes) * seconds) * 1000);
  const micro = String(Math.floor(Math.random() * 1e6))
    .padStart(6, '0')
    .slice(0, fractionDigits);
  const fraction = fractionDigits ? `.${micro}` : '';
  const abs = Math.abs(offsetMinutes);
  let zone = `${offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}`;
  if (abs % 60 || seconds) zone += `:${pad(abs % 60)}`;
  if (seconds) zone += `:${pad(seconds)}`;
  return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${fraction}${zone}`;
}

describe("fastTimestamptz: pg's timestamptz parser, faster for PostgreSQL's ISO text", () => {
  it('gives the same instant as pg on 100,000 random texts: offsets, 0-6 fraction digits', () => {
    const offsets = [0, 0, 0, 480, -300, 330, 345, -210, 840, -720];
    for (let i = 0; i < 100_000; i++) {
      const ms = Math.floor(Math.random() * 253_000_000_000_000);
      same(pgText(ms, offsets[i % offsets.length] ?? 0, i % 7, i % 50 === 0 ? 17 : 0));
    }
  });

  it('gives the same answer on fractions that float arithmetic rounds, and on the odd forms', () => {
    for (const fraction of [
      '57',
      '58',
      '29',
      '001',
      '999',
      '9999995',
      '1',
      '000001',
      '5',
      '575',
      '0000005',
    ]) {
      same(`2026-12-05 12:34:56.${fraction}+00`);
      same(`2026-12-05 12:34:56.${fraction}+08`);
    }
    for (const text of [
      '2026-12-05 12:34:56+00',
      '2026-12-05 12:34:56-03:30',
      '1970-01-01 00:00:00+00',
      '1969-12-31 23:59:59.999999+00',
      '2024-02-29 23:59:59.5+14',
      '0099-01-01 00:00:00+00',
      '0999-06-01 00:00:00+00',
      '0001-01-01 00:00:00+00 BC',
      '12026-12-05 12:34:56+00',
      'infinity',
      '-infinity',
      '2026-12-05 12:34:56.+00',
      '2026-12-05 12:34:56.123',
      '2026-12-05T12:34:56.123Z',
    ]) {
      same(text);
    }
  });

  it('is what a query gets for timestamptz, and pg parsers for the rest', () => {
    expect(FAST_TIMESTAMPTZ_TYPES.getTypeParser(1184, 'text')).toBe(fastTimestamptz);
    expect(FAST_TIMESTAMPTZ_TYPES.getTypeParser(20, 'text')).toBe(pg.types.getTypeParser(20, 'text'));
    expect(FAST_TIMESTAMPTZ_TYPES.getTypeParser(1114, 'text')).toBe(pg.types.getTypeParser(1114, 'text'));
  });
});
