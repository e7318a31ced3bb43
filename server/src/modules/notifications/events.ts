export const NOTIFICATION_CHANNELS = ['in_app', 'email', 'im', 'sms'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/**
 * The events a person can be told about, and which channels are on until they choose
 * otherwise. IM and SMS are opt-in: they need a handle or a number.
 */
export const NOTIFICATION_EVENTS: Record<string, Record<NotificationChannel, boolean>> = {
  'ticket.created': { in_app: true, email: true, im: false, sms: false },
  'ticket.reply': { in_app: true, email: true, im: false, sms: false },
  'ticket.status_changed': { in_app: true, email: true, im: false, sms: false },
  'ticket.assigned': { in_app: true, email: false, im: false, sms: false },
  'ticket.requester_replied': { in_app: true, email: false, im: false, sms: false },
  'resolution.rejected': { in_app: true, email: true, im: false, sms: false },
  'callback.due': { in_app: true, email: false, im: false, sms: false },
};

const FALLBACK: Record<NotificationChannel, boolean> = { in_app: true, email: true, im: false, sms: false };

/** Other modules add their events (a survey invitation ...) with their defaults. */
export function registerNotificationEvent(
  event: string,
  defaults: Partial<Record<NotificationChannel, boolean>>,
): void {
  NOTIFICATION_EVENTS[event] = { ...FALLBACK, ...defaults };
}

export function eventDefaults(event: string): Record<NotificationChannel, boolean> {
  return NOTIFICATION_EVENTS[event] ?? FALLBACK;
}
