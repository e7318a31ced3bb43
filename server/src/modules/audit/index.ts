export { type AuditEventInput, diff, recordEvent, recordEvents } from './record-event.ts';
