import type { SQL } from 'drizzle-orm';
import type { TicketSlaDto } from '../../../../contracts/sla-clock.ts';
import type { Queryable } from '../../platform/db/database.ts';
import type { TicketRow } from './presenter.ts';

/** The ticket read's row as a section sees it: the ticket's columns and the section's own column. */
export type TicketSectionRow = TicketRow & { sla_source: unknown };

/**
 * The `sla` section of a ticket read, which the SLA module (above tickets) contributes and the
 * module registry plugs in: a SQL column computed for the ticket `t` (categories `c` joined)
 * inside the read's one statement, and how that column becomes the `sla` field. The ticket
 * read stays one round trip (docs/decisions/0003-prepared-statements.md) without the tickets
 * module knowing the SLA module's tables.
 */
export interface TicketSlaSection {
  column: SQL;
  present(tx: Queryable, row: TicketSectionRow): Promise<TicketSlaDto>;
}

let section: TicketSlaSection | null = null;

/** Registered once at start by the module registry. */
export function setTicketSlaSection(next: TicketSlaSection): void {
  section = next;
}

/** The section in force; without one (no SLA module) a ticket reads with `sla: null`. */
export function ticketSlaSection(): TicketSlaSection | null {
  return section;
}
