import dayjs, { type Dayjs } from 'dayjs';
import i18n from 'i18next';

let displayTimeZone: string | undefined;

/** Dates are shown in the signed-in user's time zone (the browser's until then). */
export function setDisplayTimeZone(zone: string | undefined): void {
  if (!zone) {
    displayTimeZone = undefined;
    return;
  }
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    displayTimeZone = zone;
  } catch {
    displayTimeZone = undefined;
  }
}

/** A moment in the reader's time zone; every date on screen goes through here. */
export function inZone(value: string | Date | Dayjs | number, zone = displayTimeZone): Dayjs {
  const moment = dayjs(value);
  return zone ? moment.tz(zone) : moment;
}

/** Now, in the reader's time zone: "today" is the profile's today, not the browser's. */
export function nowInZone(): Dayjs {
  return inZone(Date.now());
}

const english = () => i18n.language === 'en';

/** 2026-12-05 02:34 in Chinese, Dec 5, 2026 02:34 in English. */
export function formatDateTime(iso: string | Date | null | undefined, zone?: string): string {
  if (!iso) return '—';
  return inZone(iso, zone ?? displayTimeZone).format(english() ? 'MMM D, YYYY HH:mm' : 'YYYY-MM-DD HH:mm');
}

/** A day: 2026-12-05 / Dec 5, 2026. */
export function formatDate(iso: string | Date | null | undefined, zone?: string): string {
  if (!iso) return '—';
  return inZone(iso, zone ?? displayTimeZone).format(english() ? 'MMM D, YYYY' : 'YYYY-MM-DD');
}

/** A day in this year, short: 12-05 / Dec 5. */
export function formatShortDate(iso: string | Date | Dayjs, zone?: string): string {
  return inZone(iso, zone ?? displayTimeZone).format(english() ? 'MMM D' : 'MM-DD');
}

/** A moment of a recent day: 12-05 02:34 / Dec 5 02:34. */
export function formatShortDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return inZone(iso).format(english() ? 'MMM D HH:mm' : 'MM-DD HH:mm');
}

/** The time of day only: 02:34. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return inZone(iso).format('HH:mm');
}

export function formatRelative(iso: string | null | undefined): string {
  if (!iso) return '—';
  return dayjs(iso).fromNow();
}

/**
 * A length of time in words, rounded to what a person reads: "45 分钟", "18 小时", "1 小时 30 分钟",
 * "3 天 2 小时" / "45 minutes", "18 hours", "1 h 30 min", "3 days 2 hours". SLA targets count
 * business time (`businessTime`): a day of them is not 24 hours, so long ones stay in
 * business hours ("90 个工作小时") instead of turning into calendar days.
 */
export function formatMinutesSpan(
  minutes: number | null | undefined,
  options: { businessTime?: boolean } = {},
): string {
  if (minutes === null || minutes === undefined || Number.isNaN(minutes)) return '—';
  const total = Math.round(Math.abs(minutes));
  const t = i18n.t.bind(i18n);
  if (total < 60) return t('shell.time.minutes', { count: total });
  const hours = Math.floor(total / 60);
  const rest = total % 60;
  if (hours < (options.businessTime ? 24 : 48)) {
    return rest === 0
      ? t('shell.time.hours', { count: hours })
      : t('shell.time.hoursMinutes', { hours, minutes: rest });
  }
  if (options.businessTime)
    return t('shell.time.businessHours', { count: Math.round((total / 60) * 10) / 10 });
  const days = Math.floor(hours / 24);
  const leftHours = hours % 24;
  return leftHours === 0
    ? t('shell.time.days', { count: days })
    : t('shell.time.daysHours', { days, hours: leftHours });
}

/** Seconds as words, one decimal where it helps: "45 分钟", "3.5 小时", "2.1 天". */
export function formatSecondsShort(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const t = i18n.t.bind(i18n);
  if (seconds < 3600) return t('shell.time.minutes', { count: Math.round(seconds / 60) });
  if (seconds < 48 * 3600) return t('shell.time.hours', { count: Number((seconds / 3600).toFixed(1)) });
  return t('shell.time.days', { count: Number((seconds / 86400).toFixed(1)) });
}

export function formatTicketNumber(num: number): string {
  return `#${num}`;
}

export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
