/**
 * `new Date(ms).toISOString()`, the same text, about three times faster: a ticket read writes
 * a dozen instants (the ticket's times, its SLA clocks), each ~450 ns through Date on Node 24
 * (issue 18). Instants outside 1970-9999 or not whole milliseconds (and NaN, which throws the
 * same RangeError) go through Date.
 */
export function isoOfMs(ms: number): string {
  if (!(ms >= 0 && ms <= LAST_MS) || !Number.isInteger(ms)) return new Date(ms).toISOString();
  const days = Math.floor(ms / DAY_MS);
  let rest = ms - days * DAY_MS;
  // Days since 1970-01-01 to the proleptic Gregorian date (H. Hinnant, "chrono-compatible
  // low-level date algorithms": civil_from_days).
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  rest -= seconds * 1000;
  return `${TWO[Math.floor(year / 100)]}${TWO[year % 100]}-${TWO[month]}-${TWO[day]}T${TWO[hours]}:${TWO[minutes]}:${TWO[seconds]}.${THREE[rest]}Z`;
}

/** `date.toISOString()` (a Date, or text Date parses), by `isoOfMs`. */
export function isoOf(value: Date | string): string {
  return isoOfMs((value instanceof Date ? value : new Date(value)).getTime());
}

const DAY_MS = 86_400_000;
/** 9999-12-31T23:59:59.999Z: four-digit years. */
const LAST_MS = 253_402_300_799_999;
const TWO = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
