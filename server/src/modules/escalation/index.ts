export { createEscalation, escalateOnBreach } from './create-escalation.ts';
export { escalationRoutes } from './escalation.routes.ts';
