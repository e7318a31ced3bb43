import { describe, expect, it } from 'vitest';
import { parseIcal } from './ical.ts';

const FEED = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Example//China Holidays//CN',
  'BEGIN:VEVENT',
  'UID:nd-2024@example',
  'DTSTART;VALUE=DATE:20241001',
  'DTEND;VALUE=DATE:20241008',
  'SUMMARY:国庆节 放假',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:nd-2024-w1@example',
  'DTSTART;VALUE=DATE:20240929',
  'SUMMARY:国庆节 补班',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:nd-2024-w2@example',
  'DTSTART;VALUE=DATE:20241012',
  'DTEND;VALUE=DATE:20241013',
  'SUMMARY:调休上班',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:ny@example',
  'DTSTART;VALUE=DATE:20250101',
  'DTEND;VALUE=DATE:20250102',
  'SUMMARY:New Year',
  ' \u0027s Day',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:bad@example',
  'DTSTART:not-a-date',
  'SUMMARY:broken',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:sat@example',
  'DTSTART;VALUE=DATE:20250208',
  'SUMMARY:Working day (make-up)',
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n');

describe('parseIcal', () => {
  it('reads all-day holidays (DTEND exclusive) and make-up workdays by their summary', () => {
    const days = parseIcal(FEED);
    expect(days.holidays).toEqual([
      '2024-10-01',
      '2024-10-02',
      '2024-10-03',
      '2024-10-04',
      '2024-10-05',
      '2024-10-06',
      '2024-10-07',
      '2025-01-01',
    ]);
    expect(days.extraWorkdays).toEqual(['2024-09-29', '2024-10-12', '2025-02-08']);
    expect(days.events).toBe(6);
    expect(days.skipped).toBe(1);
  });

  it('accepts LF line endings and timed events', () => {
    const days = parseIcal(
      'BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20240501T000000\nDTEND:20240503T000000\nSUMMARY:劳动节\nEND:VEVENT\nEND:VCALENDAR\n',
    );
    expect(days.holidays).toEqual(['2024-05-01', '2024-05-02']);
  });

  it('finds nothing in text that is not a calendar', () => {
    expect(parseIcal('hello')).toEqual({ holidays: [], extraWorkdays: [], events: 0, skipped: 0 });
  });
});
