import { describe, expect, it } from 'vitest';
import {
  isoWeekMonday,
  isoWeekOf,
  isoWeekRange,
  localDay,
  shiftIsoWeek,
  startOfLocalDay,
} from './calendar.ts';
import { resolvePeriod } from './filters.ts';
import { lastCompleteWeek } from './weekly.ts';
import { nextWeeklyRun } from './weekly-job.ts';

describe('report calendar', () => {
  it('knows ISO weeks, including those that start in the year before', () => {
    expect(isoWeekMonday('2026-W10')).toBe('2026-03-02');
    expect(isoWeekMonday('2026-W01')).toBe('2025-12-29');
    expect(isoWeekMonday('2020-W53')).toBe('2020-12-28');
    expect(isoWeekOf('2026-01-01')).toBe('2026-W01');
    expect(isoWeekOf('2021-01-03')).toBe('2020-W53');
    expect(isoWeekOf('2026-03-08')).toBe('2026-W10');
    expect(shiftIsoWeek('2026-W01', -1)).toBe('2025-W52');
  });

  it('starts local days in the zone, also across daylight-saving changes', () => {
    expect(startOfLocalDay('2026-03-02', 'Asia/Shanghai').toISOString()).toBe('2026-03-01T16:00:00.000Z');
    expect(startOfLocalDay('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(startOfLocalDay('2026-03-09', 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z');
    expect(localDay(new Date('2026-03-01T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-03-02');
    expect(isoWeekRange('2026-W10', 'Asia/Shanghai')).toEqual({
      from: new Date('2026-03-01T16:00:00Z'),
      to: new Date('2026-03-08T16:00:00Z'),
    });
  });

  it('reads report periods: whole local days, instants, a default of 30 days', () => {
    const now = new Date('2026-03-10T00:00:00Z');
    expect(resolvePeriod({ from: '2026-03-02', to: '2026-03-02' }, 'Asia/Shanghai', now)).toEqual({
      from: new Date('2026-03-01T16:00:00Z'),
      to: new Date('2026-03-02T16:00:00Z'),
    });
    expect(
      resolvePeriod({ from: '2026-03-02T00:00:00Z', to: '2026-03-03T00:00:00Z' }, 'UTC', now).to,
    ).toEqual(new Date('2026-03-03T00:00:00Z'));
    expect(resolvePeriod({}, 'UTC', now)).toEqual({ from: new Date('2026-02-08T00:00:00Z'), to: now });
    expect(() => resolvePeriod({ from: '2023-01-01', to: '2026-03-01' }, 'UTC', now)).toThrow();
  });

  it('sends the weekly report on Monday 08:00 for the week before', () => {
    // Sunday 8 March 2026, 12:00 in Shanghai.
    const sunday = new Date('2026-03-08T04:00:00Z');
    expect(nextWeeklyRun(sunday, 'Asia/Shanghai').toISOString()).toBe('2026-03-09T00:00:00.000Z');
    // Monday 9 March 08:00 exactly: the next one is a week later.
    expect(nextWeeklyRun(new Date('2026-03-09T00:00:00Z'), 'Asia/Shanghai').toISOString()).toBe(
      '2026-03-16T00:00:00.000Z',
    );
    expect(lastCompleteWeek(new Date('2026-03-09T00:00:00Z'), 'Asia/Shanghai')).toBe('2026-W10');
  });
});
