export {
  type AuditEventInput,
  diff,
  recordEvent,
  recordEvents,
  validateEvent,
} from './record-event.ts';
export { type EventSubscriber, onEvent, type RecordedEvent } from './subscriptions.ts';
