// The data model, one file per module under ./schema; drizzle-kit reads this file.
export * from './schema/audit.ts';
export * from './schema/identity.ts';
export * from './schema/tickets.ts';
