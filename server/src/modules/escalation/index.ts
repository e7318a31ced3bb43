// The escalation module's public surface. Read models it publishes for joins other modules must make
// in one SQL statement (contract: docs/read-models.md; declared in db/schema/escalation.ts):
// escalation_records_v.
export { createEscalation, escalateOnSlaBreach } from './create-escalation.ts';
export { escalationRoutes } from './escalation.routes.ts';
export { ESCALATION_STAFF_EVENTS } from './staff-events.ts';
