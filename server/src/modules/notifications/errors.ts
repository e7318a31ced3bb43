import type { ErrorEntry } from '../../platform/http/errors.ts';

/** The notifications module's error codes: status, and the message in both interface languages. */
export const notificationErrors = {
  'notifications.not_found': { status: 404, en: 'Notification not found.', zh: '通知不存在。' },
  'notifications.template_not_found': {
    status: 404,
    en: 'No template for event {event}.',
    zh: '事件 {event} 没有对应的模板。',
  },
  'channels.canned_not_found': { status: 404, en: 'Canned response not found.', zh: '快捷回复不存在。' },
  'channels.notice_not_found': { status: 404, en: 'Notice template not found.', zh: '通知模板不存在。' },
} as const satisfies Record<string, ErrorEntry>;

type NotificationErrors = typeof notificationErrors;

declare module '../../platform/http/errors.ts' {
  interface ErrorCodes extends NotificationErrors {}
}
