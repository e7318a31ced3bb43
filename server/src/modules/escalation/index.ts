export { createEscalation, escalateOnSlaBreach } from './create-escalation.ts';
export { escalationRoutes } from './escalation.routes.ts';
export { ESCALATION_STAFF_EVENTS } from './staff-events.ts';
