import { describe, expect, it } from 'vitest';
import { BusinessTime, type CalendarDefinition } from './business-time.ts';

const MIN = 60_000;
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Shanghai office: two windows a day, National Day 2024 with its make-up Sunday and Saturday. */
const shanghai: CalendarDefinition = {
  timezone: 'Asia/Shanghai',
  hours: [1, 2, 3, 4, 5].flatMap((weekday) => [
    { weekday, from: '09:00', to: '12:00' },
    { weekday, from: '13:00', to: '18:00' },
  ]),
  holidays: ['2024-10-01', '2024-10-02', '2024-10-03', '2024-10-04', '2024-10-07'],
  extraWorkdays: ['2024-09-29', '2024-10-12'],
};

describe('BusinessTime (Asia/Shanghai, two windows a day)', () => {
  const calendar = new BusinessTime(shanghai);

  it('counts time inside one window', () => {
    expect(calendar.between(at('2024-09-02T09:30:00+08:00'), at('2024-09-02T11:00:00+08:00'))).toBe(90 * MIN);
  });

  it('skips the lunch break between two windows', () => {
    expect(calendar.between(at('2024-09-02T11:00:00+08:00'), at('2024-09-02T14:00:00+08:00'))).toBe(
      120 * MIN,
    );
    expect(iso(calendar.add(at('2024-09-02T12:30:00+08:00'), 30 * MIN))).toBe('2024-09-02T05:30:00.000Z');
  });

  it('skips the night', () => {
    expect(calendar.between(at('2024-09-02T17:00:00+08:00'), at('2024-09-03T10:00:00+08:00'))).toBe(
      120 * MIN,
    );
  });

  it('skips the weekend, forwards and backwards', () => {
    const friday = at('2024-09-06T17:00:00+08:00');
    expect(calendar.between(friday, at('2024-09-09T10:00:00+08:00'))).toBe(120 * MIN);
    // Monday 10:00 Shanghai is 02:00 UTC.
    expect(iso(calendar.add(friday, 120 * MIN))).toBe('2024-09-09T02:00:00.000Z');
  });

  it('ends a deadline at the close of a window, not at the next opening', () => {
    expect(iso(calendar.add(at('2024-09-06T17:00:00+08:00'), 60 * MIN))).toBe('2024-09-06T10:00:00.000Z');
  });

  it('starts counting at the next opening when started outside hours', () => {
    const saturday = at('2024-09-07T15:00:00+08:00');
    expect(iso(calendar.add(saturday, 30 * MIN))).toBe('2024-09-09T01:30:00.000Z');
    expect(calendar.between(saturday, at('2024-09-09T09:30:00+08:00'))).toBe(30 * MIN);
    expect(calendar.isOpen(saturday)).toBe(false);
    expect(calendar.isOpen(at('2024-09-09T09:30:00+08:00'))).toBe(true);
  });

  it('skips holidays (National Day week)', () => {
    // Monday 30 Sep 17:00: one hour that day, then nothing until Tuesday 8 Oct (5 and 6 Oct are a weekend).
    expect(iso(calendar.add(at('2024-09-30T17:00:00+08:00'), 120 * MIN))).toBe('2024-10-08T02:00:00.000Z');
  });

  it('works on make-up days (调休): Sunday 29 Sep and Saturday 12 Oct', () => {
    expect(iso(calendar.add(at('2024-09-27T17:00:00+08:00'), 120 * MIN))).toBe('2024-09-29T02:00:00.000Z');
    expect(iso(calendar.add(at('2024-10-11T17:00:00+08:00'), 120 * MIN))).toBe('2024-10-12T02:00:00.000Z');
    expect(calendar.between(at('2024-10-12T00:00:00+08:00'), at('2024-10-13T00:00:00+08:00'))).toBe(
      480 * MIN,
    );
  });

  it('counts across a year boundary and over several years', () => {
    // 2024-12-31 is a Tuesday; 2025-01-01 is not a holiday in this calendar.
    expect(calendar.between(at('2024-12-31T17:00:00+08:00'), at('2025-01-01T10:00:00+08:00'))).toBe(
      120 * MIN,
    );
    const twoYears = calendar.between(at('2023-01-01T00:00:00+08:00'), at('2025-01-01T00:00:00+08:00'));
    // 2023: 260 weekdays; 2024: 262 weekdays - 5 holidays + 2 make-up days.
    expect(twoYears).toBe((260 + 262 - 5 + 2) * 480 * MIN);
  });
});

describe('BusinessTime reused across many questions', () => {
  it('answers as a fresh calendar does, whatever years it has laid out before', () => {
    // One calendar asked in a random order across year ends (its laid-out years grow both
    // ways and questions inside them skip the lay-out) against a new calendar per question.
    const reused = new BusinessTime(shanghai);
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const yearEnds = [2019, 2022, 2024, 2025, 2031].map((y) => Date.UTC(y, 0, 1));
    for (let i = 0; i < 400; i += 1) {
      const end = yearEnds[Math.floor(random() * yearEnds.length)] as number;
      // Within two days of a year's end (both sides of the 14 h margins), or anywhere in the year.
      const from = end + Math.round((random() - 0.5) * (i % 2 === 0 ? 4 * 86_400_000 : 700 * 86_400_000));
      const to = from + Math.round(random() * 20 * 86_400_000);
      const amount = Math.round(random() * 300 * 60 * MIN);
      expect(reused.between(from, to)).toBe(new BusinessTime(shanghai).between(from, to));
      expect(reused.add(from, amount)).toBe(new BusinessTime(shanghai).add(from, amount));
      expect(reused.isOpen(to)).toBe(new BusinessTime(shanghai).isOpen(to));
    }
  });
});

describe('BusinessTime across daylight-saving changes', () => {
  it('Europe/Berlin: a deadline over the weekend the clocks go back lands an hour later in UTC', () => {
    const berlin = new BusinessTime({
      timezone: 'Europe/Berlin',
      hours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '09:00', to: '17:00' })),
      holidays: [],
      extraWorkdays: [],
    });
    // Friday 25 Oct 16:00 CEST (14:00Z) + 2 h: 1 h on Friday, then Monday 28 Oct 10:00 CET (09:00Z).
    expect(iso(berlin.add(at('2024-10-25T14:00:00Z'), 120 * MIN))).toBe('2024-10-28T09:00:00.000Z');
    expect(berlin.between(at('2024-10-25T14:00:00Z'), at('2024-10-28T09:00:00Z'))).toBe(120 * MIN);
  });

  it('America/New_York: a night shift is an hour shorter in spring and an hour longer in autumn', () => {
    const nights = new BusinessTime({
      timezone: 'America/New_York',
      hours: [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [
        { weekday, from: '00:00', to: '06:00' },
        { weekday, from: '22:00', to: '24:00' },
      ]),
      holidays: [],
      extraWorkdays: [],
    });
    // Sat 9 Mar 22:00 EST (03:00Z Sun) to Sun 10 Mar 06:00 EDT (10:00Z): 8 wall hours, 7 real.
    expect(nights.between(at('2024-03-10T03:00:00Z'), at('2024-03-10T10:00:00Z'))).toBe(7 * 60 * MIN);
    // Sat 2 Nov 22:00 EDT (02:00Z Sun) to Sun 3 Nov 06:00 EST (11:00Z): 8 wall hours, 9 real.
    expect(nights.between(at('2024-11-03T02:00:00Z'), at('2024-11-03T11:00:00Z'))).toBe(9 * 60 * MIN);
    // Adding 7 h from the start of the spring night ends at 06:00 EDT.
    expect(iso(nights.add(at('2024-03-10T03:00:00Z'), 7 * 60 * MIN))).toBe('2024-03-10T10:00:00.000Z');
  });
});

describe('BusinessTime edge cases', () => {
  it('returns null when the calendar never opens', () => {
    const closed = new BusinessTime({ timezone: 'UTC', hours: [], holidays: [], extraWorkdays: [] });
    expect(closed.add(at('2024-01-01T00:00:00Z'), MIN)).toBeNull();
    expect(closed.between(at('2024-01-01T00:00:00Z'), at('2024-02-01T00:00:00Z'))).toBe(0);
  });

  it('merges overlapping windows and treats zero time as no time', () => {
    const overlapping = new BusinessTime({
      timezone: 'UTC',
      hours: [
        { weekday: 1, from: '09:00', to: '12:00' },
        { weekday: 1, from: '11:00', to: '13:00' },
      ],
      holidays: [],
      extraWorkdays: [],
    });
    expect(overlapping.between(at('2024-09-02T00:00:00Z'), at('2024-09-03T00:00:00Z'))).toBe(240 * MIN);
    expect(overlapping.add(at('2024-09-02T10:00:00Z'), 0)).toBe(at('2024-09-02T10:00:00Z'));
    expect(overlapping.between(at('2024-09-03T00:00:00Z'), at('2024-09-02T00:00:00Z'))).toBe(0);
  });
});

describe('BusinessTime.addWorkdays (the same time of day, so many working days later)', () => {
  const calendar = new BusinessTime(shanghai);

  it('skips the weekend', () => {
    expect(iso(calendar.addWorkdays(at('2024-09-06T15:00:00+08:00'), 3))).toBe('2024-09-11T07:00:00.000Z');
    // From a Saturday: Monday is the first working day.
    expect(iso(calendar.addWorkdays(at('2024-09-07T10:00:00+08:00'), 1))).toBe('2024-09-09T02:00:00.000Z');
  });

  it('skips holidays and counts the make-up workdays (调休)', () => {
    // Friday 27 September 2024: Sunday the 29th is a make-up workday, 1-4 and 7 October holidays.
    expect(iso(calendar.addWorkdays(at('2024-09-27T09:00:00+08:00'), 1))).toBe('2024-09-29T01:00:00.000Z');
    expect(iso(calendar.addWorkdays(at('2024-09-27T09:00:00+08:00'), 3))).toBe('2024-10-08T01:00:00.000Z');
  });

  it('is the instant itself for zero days and null for a calendar that never opens', () => {
    const start = at('2024-09-06T15:00:00+08:00');
    expect(calendar.addWorkdays(start, 0)).toBe(start);
    const closed = new BusinessTime({ timezone: 'UTC', hours: [], holidays: [], extraWorkdays: [] });
    expect(closed.addWorkdays(start, 1)).toBeNull();
  });
});
