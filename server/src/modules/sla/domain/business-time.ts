import { dateKey, instantToWallClock, isoWeekday, TIME, wallClockToInstant } from './zone.ts';

/** Opening hours: on ISO weekday `weekday` (1 = Monday), from `from` to `to` ("HH:MM", "24:00" allowed). */
export interface OpeningWindow {
  weekday: number;
  from: string;
  to: string;
}

/** A business calendar as an administrator defines it. */
export interface CalendarDefinition {
  timezone: string;
  hours: readonly OpeningWindow[];
  /** Local dates (YYYY-MM-DD) closed all day. */
  holidays: readonly string[];
  /**
   * Local dates that are working days although their weekday is not (the make-up days,
   * 调休, of Chinese public holidays). They keep the opening hours of a normal working day:
   * Monday's, or the first weekday that has any.
   */
  extraWorkdays: readonly string[];
}

/** Minutes since local midnight of "HH:MM" ("24:00" is 1440). */
export function minutesOfDay(value: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(value);
  if (!match) return Number.NaN;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 24 || minutes > 59 || (hours === 24 && minutes > 0)) return Number.NaN;
  return hours * 60 + minutes;
}

const FIRST_YEAR = 1970;
const LAST_YEAR = 2200;
/** How far ahead a deadline is searched for before the calendar is declared closed for good. */
const SEARCH_YEARS = 10;

/**
 * Business-time arithmetic over one calendar. The working intervals of whole local years
 * are laid out once (as UTC instants, with running totals), so both questions the clocks ask
 * are binary searches: how much business time lies between two instants, and when a given
 * amount of business time has passed. No I/O, no clock: every instant is a parameter.
 */
export class BusinessTime {
  readonly definition: CalendarDefinition;
  readonly #windows: Map<number, [number, number][]>;
  readonly #extraDayWindows: [number, number][];
  readonly #holidays: Set<string>;
  readonly #extraWorkdays: Set<string>;
  #firstYear = 0;
  #lastYear = -1;
  /**
   * The instants `#cover` needs nothing for (their local year and a day either side laid
   * out): asked on every clock of every ticket read, it is answered by two comparisons.
   */
  #coveredFrom = Number.POSITIVE_INFINITY;
  #coveredUntil = Number.NEGATIVE_INFINITY;
  #starts: number[] = [];
  #ends: number[] = [];
  /** Business time before interval i (within the laid-out years). */
  #before: number[] = [];

  constructor(definition: CalendarDefinition) {
    this.definition = definition;
    this.#holidays = new Set(definition.holidays);
    this.#extraWorkdays = new Set(definition.extraWorkdays);
    this.#windows = new Map();
    for (const window of definition.hours) {
      const from = minutesOfDay(window.from);
      const to = minutesOfDay(window.to);
      if (!(from < to)) continue;
      const list = this.#windows.get(window.weekday) ?? [];
      list.push([from, to]);
      this.#windows.set(window.weekday, list);
    }
    for (const list of this.#windows.values()) list.sort((a, b) => a[0] - b[0]);
    const normalDay = [1, 2, 3, 4, 5, 6, 7].find((day) => this.#windows.has(day));
    this.#extraDayWindows = normalDay === undefined ? [] : (this.#windows.get(normalDay) ?? []);
  }

  /** Business milliseconds in [from, to); zero if `to` is not after `from`. */
  between(from: number, to: number): number {
    if (!(to > from)) return 0;
    this.#cover(from);
    this.#cover(to);
    return this.#elapsed(to) - this.#elapsed(from);
  }

  /**
   * The instant at which `amount` business milliseconds have passed since `from`; `from` itself
   * for zero. A deadline that falls on the end of a window is that end, not the next opening.
   * Null if the calendar has no working time in the next ten years.
   */
  add(from: number, amount: number): number | null {
    if (amount <= 0) return from;
    this.#cover(from);
    const target = this.#elapsed(from) + amount;
    for (let attempt = 0; attempt <= SEARCH_YEARS; attempt += 1) {
      const index = this.#firstIntervalReaching(target);
      if (index !== -1) return (this.#starts[index] as number) + (target - (this.#before[index] as number));
      if (this.#lastYear >= LAST_YEAR) return null;
      this.#layOut(this.#firstYear, this.#lastYear + 1);
    }
    return null;
  }

  /**
   * The same local time of day `days` working days after `from`: a working day is one with
   * opening hours that is not a holiday, or a make-up workday (调休). Friday 15:00 plus 3 is
   * Wednesday 15:00 (Thursday if Monday is a holiday). Null if the calendar has too few working
   * days in the next ten years.
   */
  addWorkdays(from: number, days: number): number | null {
    if (days <= 0) return from;
    const zone = this.definition.timezone;
    const wall = instantToWallClock(zone, from);
    const timeOfDay = wall - Math.floor(wall / TIME.DAY) * TIME.DAY;
    let day = wall - timeOfDay;
    let counted = 0;
    for (let step = 0; step < SEARCH_YEARS * 366 && counted < days; step += 1) {
      day += TIME.DAY;
      if (this.isWorkday(day)) counted += 1;
    }
    return counted < days ? null : wallClockToInstant(zone, day + timeOfDay);
  }

  /** True if the local day (a wall-clock value) is a working day of this calendar. */
  isWorkday(wallClockDay: number): boolean {
    const key = dateKey(wallClockDay);
    if (this.#holidays.has(key)) return false;
    if (this.#extraWorkdays.has(key)) return this.#extraDayWindows.length > 0;
    return this.#windows.has(isoWeekday(wallClockDay));
  }

  /** True if the instant is inside opening hours. */
  isOpen(instant: number): boolean {
    this.#cover(instant);
    const index = this.#lastStartAtOrBefore(instant);
    return index !== -1 && instant < (this.#ends[index] as number);
  }

  /** Business time elapsed from the start of the laid-out years to `instant`. */
  #elapsed(instant: number): number {
    const index = this.#lastStartAtOrBefore(instant);
    if (index === -1) return 0;
    const start = this.#starts[index] as number;
    const end = this.#ends[index] as number;
    return (this.#before[index] as number) + Math.min(instant, end) - start;
  }

  #lastStartAtOrBefore(instant: number): number {
    let low = 0;
    let high = this.#starts.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if ((this.#starts[mid] as number) <= instant) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    return found;
  }

  /** The first interval whose end is at or past `target` of elapsed business time. */
  #firstIntervalReaching(target: number): number {
    let low = 0;
    let high = this.#starts.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const reach =
        (this.#before[mid] as number) + (this.#ends[mid] as number) - (this.#starts[mid] as number);
      if (reach >= target) {
        found = mid;
        high = mid - 1;
      } else low = mid + 1;
    }
    return found;
  }

  /** Makes sure the local year of `instant` (and a day either side) is laid out. */
  #cover(instant: number): void {
    if (instant >= this.#coveredFrom && instant < this.#coveredUntil) return;
    const year = Math.min(
      LAST_YEAR,
      Math.max(FIRST_YEAR, new Date(instant + 14 * TIME.HOUR).getUTCFullYear()),
    );
    const low = Math.min(year, Math.max(FIRST_YEAR, new Date(instant - 14 * TIME.HOUR).getUTCFullYear()));
    if (this.#lastYear >= this.#firstYear && low >= this.#firstYear && year <= this.#lastYear) return;
    const first = this.#lastYear < this.#firstYear ? low : Math.min(this.#firstYear, low);
    const last = this.#lastYear < this.#firstYear ? year : Math.max(this.#lastYear, year);
    this.#layOut(first, last);
  }

  #layOut(firstYear: number, lastYear: number): void {
    const zone = this.definition.timezone;
    const starts: number[] = [];
    const ends: number[] = [];
    const firstDay = Date.UTC(firstYear, 0, 1);
    const lastDay = Date.UTC(lastYear + 1, 0, 1);
    for (let day = firstDay; day < lastDay; day += TIME.DAY) {
      const key = dateKey(day);
      if (this.#holidays.has(key)) continue;
      const windows = this.#extraWorkdays.has(key)
        ? this.#extraDayWindows
        : (this.#windows.get(isoWeekday(day)) ?? []);
      for (const [from, to] of windows) {
        const start = wallClockToInstant(zone, day + from * TIME.MINUTE);
        const end = wallClockToInstant(zone, day + to * TIME.MINUTE);
        if (!(end > start)) continue;
        const last = ends.length - 1;
        // Touching or overlapping windows (22:00-24:00 then 00:00-06:00) are one interval.
        if (last >= 0 && start <= (ends[last] as number)) {
          ends[last] = Math.max(ends[last] as number, end);
        } else {
          starts.push(start);
          ends.push(end);
        }
      }
    }
    const before: number[] = new Array(starts.length);
    let total = 0;
    for (let i = 0; i < starts.length; i += 1) {
      before[i] = total;
      total += (ends[i] as number) - (starts[i] as number);
    }
    this.#starts = starts;
    this.#ends = ends;
    this.#before = before;
    this.#firstYear = firstYear;
    this.#lastYear = lastYear;
    // Exactly the instants for which the years of instant - 14 h and instant + 14 h are both laid out.
    this.#coveredFrom = firstDay + 14 * TIME.HOUR;
    this.#coveredUntil = lastDay - 14 * TIME.HOUR;
  }
}

/** Round-the-clock time: every millisecond counts (a policy without a calendar). */
export const ROUND_THE_CLOCK: CalendarDefinition = {
  timezone: 'UTC',
  hours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' })),
  holidays: [],
  extraWorkdays: [],
};
