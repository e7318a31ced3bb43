/**
 * Reads holidays and make-up workdays from an iCalendar feed (RFC 5545): every VEVENT's
 * dates from DTSTART up to (not including) DTEND. An event whose SUMMARY names a working day
 * (调休, 补班, 上班, "workday", "working day") is a make-up workday; any other event is a
 * holiday. Pure: text in, dates out.
 */

export interface IcalDays {
  holidays: string[];
  extraWorkdays: string[];
  /** Events read. */
  events: number;
  /** Events skipped because their dates could not be read. */
  skipped: number;
}

const WORKDAY = /调休|补班|上班|work\s*day|working\s+day|make-?up/i;
/** A feed can hold years of holidays; a single event longer than this is not a holiday. */
const MAX_EVENT_DAYS = 366;

function unfold(text: string): string[] {
  const lines: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    if ((raw.startsWith(' ') || raw.startsWith('\t')) && lines.length > 0) {
      lines[lines.length - 1] += raw.slice(1);
    } else lines.push(raw);
  }
  return lines;
}

/** The date part of a DATE or DATE-TIME value as a UTC day start, or null. */
function dayOf(value: string | undefined): number | null {
  const match = value ? /^(\d{4})(\d{2})(\d{2})/.exec(value.trim()) : null;
  if (!match) return null;
  const day = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  const date = new Date(day);
  if (date.getUTCDate() !== Number(match[3]) || date.getUTCMonth() !== Number(match[2]) - 1) return null;
  return day;
}

function unescapeText(value: string): string {
  return value.replace(/\\n/gi, ' ').replace(/\\([,;\\])/g, '$1');
}

export function parseIcal(text: string): IcalDays {
  const holidays = new Set<string>();
  const extraWorkdays = new Set<string>();
  let events = 0;
  let skipped = 0;
  let current: Map<string, string> | null = null;
  for (const line of unfold(text)) {
    const upper = line.toUpperCase();
    if (upper === 'BEGIN:VEVENT') {
      current = new Map();
      continue;
    }
    if (upper === 'END:VEVENT') {
      if (current) {
        events += 1;
        if (!addEvent(current, holidays, extraWorkdays)) skipped += 1;
      }
      current = null;
      continue;
    }
    if (!current) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).split(';')[0]?.toUpperCase() ?? '';
    const value = line.slice(colon + 1);
    const isTimed = /T\d{4}/.test(value);
    if (name === 'DTSTART' || name === 'DTEND') current.set(`${name}:timed`, isTimed ? 'yes' : 'no');
    if (!current.has(name)) current.set(name, value);
  }
  // A date cannot be both: a make-up workday stated in the feed wins over a holiday.
  for (const day of extraWorkdays) holidays.delete(day);
  return {
    holidays: [...holidays].sort(),
    extraWorkdays: [...extraWorkdays].sort(),
    events,
    skipped,
  };
}

function addEvent(event: Map<string, string>, holidays: Set<string>, extraWorkdays: Set<string>): boolean {
  const start = dayOf(event.get('DTSTART'));
  if (start === null) return false;
  let end = dayOf(event.get('DTEND'));
  const day = 86_400_000;
  if (end === null || end <= start) end = start + day;
  // A timed event that ends after midnight covers its last date too.
  else if (event.get('DTEND:timed') === 'yes' && !/T000000/.test(event.get('DTEND') ?? '')) end += day;
  if ((end - start) / day > MAX_EVENT_DAYS) return false;
  const summary = unescapeText(event.get('SUMMARY') ?? '');
  const target = WORKDAY.test(summary) ? extraWorkdays : holidays;
  for (let d = start; d < end; d += day) target.add(new Date(d).toISOString().slice(0, 10));
  return true;
}
