// The sla module's public surface. Read models it publishes for joins other modules must make in one
// SQL statement (contract: docs/read-models.md; declared in db/schema/sla.ts): sla_calendars_v,
// sla_ticket_states_v (clock states and deadlines), sla_vendor_handoffs_v. Port: onCalendarUses
// (modules above that point at calendars).
export { type BreachPlan, breachPlan, raisePriorityOnBreach } from './breach-actions.ts';
export { reasonText, SLA_BREACH_REASON } from './breach-reason.ts';
export { type BusinessDurations, businessDurations } from './business-durations.ts';
export { type CalendarUseCounter, onCalendarUses } from './calendars.ts';
export { slaTicketSection } from './compute-sla.ts';
export { BusinessTime, type CalendarDefinition } from './domain/business-time.ts';
export { businessTimeFor, loadCalendar } from './policy-loader.ts';
export { recomputeClocks } from './recompute.ts';
export { recomputeOpenTickets, slaRecomputeJob } from './recompute-job.ts';
export { slaRoutes } from './sla.routes.ts';
export { recomputeOnTicketChange } from './sla-hook.ts';
export { SLA_STAFF_EVENTS } from './staff-events.ts';
export { setTicketPolicy } from './ticket-policy.ts';
export { slaTimerJob } from './timer-job.ts';
export { slaTimerSweeper, sweepDueTimers } from './timer-sweeper.ts';
export { createVendor } from './vendors.ts';
