/**
 * Time-zone arithmetic on the built-in Intl API, with no dependency. The offset of a zone
 * is looked up in a per-zone table of its transitions (found once per year by sampling and
 * bisection), so converting millions of instants costs a binary search each, not an Intl call.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** True if the runtime knows the IANA zone name. */
export function isValidTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset (local minus UTC, in ms) at an instant, straight from Intl. */
function intlOffset(zone: string, instant: number): number {
  const parts = formatterFor(zone).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const local = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  const truncated = Math.floor(instant / 1000) * 1000;
  return local - truncated;
}

/** Offsets of one UTC year: `starts[i]` is the instant from which `offsets[i]` holds. */
interface YearOffsets {
  starts: number[];
  offsets: number[];
}

const zoneYears = new Map<string, Map<number, YearOffsets>>();

function yearOffsets(zone: string, year: number): YearOffsets {
  let years = zoneYears.get(zone);
  if (!years) {
    years = new Map();
    zoneYears.set(zone, years);
  }
  const cached = years.get(year);
  if (cached) return cached;
  const begin = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  const starts = [begin];
  const offsets = [intlOffset(zone, begin)];
  // Transitions are months apart; sampling every 6 hours cannot step over two of them.
  const step = 6 * HOUR;
  let previous = begin;
  let previousOffset = offsets[0] as number;
  for (let t = begin + step; t <= end; t += step) {
    const offset = intlOffset(zone, Math.min(t, end - 1));
    if (offset !== previousOffset) {
      let low = previous;
      let high = Math.min(t, end - 1);
      while (high - low > MINUTE) {
        const mid = low + Math.max(1, Math.floor((high - low) / 2 / MINUTE)) * MINUTE;
        if (intlOffset(zone, mid) === previousOffset) low = mid;
        else high = mid;
      }
      starts.push(high);
      offsets.push(offset);
      previousOffset = offset;
    }
    previous = t;
  }
  const table = { starts, offsets };
  years.set(year, table);
  return table;
}

/** The zone's offset (local minus UTC, in ms) at an instant. */
export function offsetAt(zone: string, instant: number): number {
  const table = yearOffsets(zone, new Date(instant).getUTCFullYear());
  let low = 0;
  let high = table.starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((table.starts[mid] as number) <= instant) low = mid;
    else high = mid - 1;
  }
  return table.offsets[low] as number;
}

/**
 * The instant of a wall-clock time in a zone. `wallClock` is the local date and time
 * written as if it were UTC (`Date.UTC(y, m, d, h, min)`). A time that occurs twice (the
 * hour repeated when clocks go back) resolves to the earlier instant; a time that does not
 * exist (skipped when clocks go forward) moves forward by the gap, as a wall clock would.
 */
export function wallClockToInstant(zone: string, wallClock: number): number {
  const before = offsetAt(zone, wallClock - DAY);
  const after = offsetAt(zone, wallClock + DAY);
  if (before === after) return wallClock - before;
  const early = wallClock - before;
  const late = wallClock - after;
  const earlyValid = offsetAt(zone, early) === before;
  const lateValid = offsetAt(zone, late) === after;
  if (earlyValid && lateValid) return Math.min(early, late);
  if (earlyValid) return early;
  if (lateValid) return late;
  return early;
}

/** The wall-clock time of an instant in a zone, written as if it were UTC. */
export function instantToWallClock(zone: string, instant: number): number {
  return instant + offsetAt(zone, instant);
}

/** `YYYY-MM-DD` of a wall-clock value. */
export function dateKey(wallClock: number): string {
  return new Date(wallClock).toISOString().slice(0, 10);
}

/** ISO weekday (1 = Monday ... 7 = Sunday) of a wall-clock value. */
export function isoWeekday(wallClock: number): number {
  const day = new Date(wallClock).getUTCDay();
  return day === 0 ? 7 : day;
}

/** `YYYY-MM-DD HH:mm` of an instant in a zone, for explanations. */
export function formatInZone(zone: string, instant: number): string {
  return new Date(instantToWallClock(zone, instant)).toISOString().slice(0, 16).replace('T', ' ');
}

export const TIME = { MINUTE, HOUR, DAY } as const;
