// The automation module's public surface (issue 13): rules that act on tickets when something
// happens to them, as the automation account. Tables: automation_rules, automation_runs (no view:
// nobody else reads them).
export { AUTOMATION_NOTICE_EVENT } from './actions.ts';
export { automationRoutes } from './automation.routes.ts';
export { conditionsHold, evaluateCondition, explainConditions, type TicketFacts } from './evaluate.ts';
export { automationOnSlaEvent, automationOnTicketChange, automationOnTicketChanges } from './hooks.ts';
export { LOOP_GUARD, NEW_TICKET_AUTOMATION_RULES, runRules } from './run-rules.ts';
export { type RunbookRunner, setRunbookRunner } from './runbook-port.ts';
export { SWEEP_MINUTES, scheduleSweepJob, sweepScheduledRules } from './schedule.ts';
