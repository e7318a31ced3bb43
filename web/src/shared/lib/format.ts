import dayjs from 'dayjs';

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

function inZone(iso: string): dayjs.Dayjs {
  const value = dayjs(iso);
  return displayTimeZone ? value.tz(displayTimeZone) : value;
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return inZone(iso).format('YYYY-MM-DD HH:mm');
}

export function formatRelative(iso: string | null | undefined): string {
  if (!iso) return '—';
  return dayjs(iso).fromNow();
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
