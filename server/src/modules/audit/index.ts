export type { AuditEventInput } from './event-input.ts';
export { diff, recordEvent, recordEvents, validateEvent } from './record-event.ts';
export { type EventSubscriber, onEvent, type RecordedEvent } from './subscriptions.ts';
