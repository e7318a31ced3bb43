// The data model, one file per module under ./schema; drizzle-kit reads this file.
export * from './schema/alerts.ts';
export * from './schema/audit.ts';
export * from './schema/channels.ts';
export * from './schema/escalation.ts';
export * from './schema/identity.ts';
export * from './schema/knowledge.ts';
export * from './schema/notifications.ts';
export * from './schema/remote.ts';
export * from './schema/reports.ts';
export * from './schema/resolution.ts';
export * from './schema/routing.ts';
export * from './schema/search.ts';
export * from './schema/sla.ts';
export * from './schema/surveys.ts';
export * from './schema/tickets.ts';
export * from './schema/triage.ts';
export * from './schema/automation.ts';
