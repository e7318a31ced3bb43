import { bigint, timestamp } from 'drizzle-orm/pg-core';

// The column shapes every table uses (not exported from the schema barrel: no tables here).

/** A bigint identity primary key; ids fit in a JavaScript number. */
export const id = () => bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity();
/** A bigint reference to another table's id. */
export const ref = (name: string) => bigint(name, { mode: 'number' });
/** A point in time, with time zone. */
export const at = (name: string) => timestamp(name, { withTimezone: true });
