import { describe, expect, it } from 'vitest';
import { isoOf, isoOfMs } from './iso-time.ts';

describe('isoOfMs: the text of Date.prototype.toISOString', () => {
  it('equals toISOString on 200,000 random instants of 1970-9999 and around now', () => {
    const now = Date.now();
    for (let i = 0; i < 100_000; i++) {
      const far = Math.floor(Math.random() * 253_402_300_800_000);
      const near = now + Math.floor((Math.random() - 0.5) * 4e11);
      expect(isoOfMs(far)).toBe(new Date(far).toISOString());
      expect(isoOfMs(near)).toBe(new Date(near).toISOString());
    }
  });

  it('equals toISOString on the edges: leap days, century years, year ends, the range ends', () => {
    const edges = [
      '1970-01-01T00:00:00.000Z',
      '1972-02-29T23:59:59.999Z',
      '1999-12-31T23:59:59.999Z',
      '2000-02-29T12:00:00.000Z',
      '2000-03-01T00:00:00.000Z',
      '2024-02-29T00:00:00.001Z',
      '2100-02-28T23:59:59.999Z',
      '2100-03-01T00:00:00.000Z',
      '2400-02-29T00:00:00.000Z',
      '9999-12-31T23:59:59.999Z',
    ].map((text) => Date.parse(text));
    for (const ms of edges) {
      for (const delta of [-1, 0, 1, 999, 1000, 86_399_999, 86_400_000]) {
        const at = ms + delta;
        expect(isoOfMs(at)).toBe(new Date(at).toISOString());
      }
    }
  });

  it('goes through Date outside 1970-9999, for fractions, and throws as Date does for NaN', () => {
    for (const ms of [
      -1, -86_400_001, -62_198_755_200_000, 253_402_300_800_000, 8.64e15, 1.5, 1_700_000_000_000.7,
    ]) {
      expect(isoOfMs(ms)).toBe(new Date(ms).toISOString());
    }
    expect(() => isoOfMs(Number.NaN)).toThrow(RangeError);
    expect(() => isoOf(new Date('not a date'))).toThrow(RangeError);
  });

  it('takes a Date or the text of a time, as the presenters get them', () => {
    const date = new Date('2026-12-05T12:34:56.789Z');
    expect(isoOf(date)).toBe(date.toISOString());
    expect(isoOf('2026-12-05 20:34:56.789+08')).toBe(new Date('2026-12-05 20:34:56.789+08').toISOString());
  });
});
