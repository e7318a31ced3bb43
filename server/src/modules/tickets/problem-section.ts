import type { SQL } from 'drizzle-orm';

/**
 * The problem a ticket is linked to (issue 14). The problems module (above tickets) owns the
 * problems and the links and plugs in here a SQL column (a JSON object `{id, title, status}`, or
 * null, for the ticket `t`) folded into the ticket read's one statement.
 */
export interface TicketProblemSection {
  column: SQL;
}

let section: TicketProblemSection | null = null;

/** Registered once at start by the module registry. */
export function setTicketProblemSection(next: TicketProblemSection): void {
  section = next;
}

/** The section in force; without one (no problems module) tickets read with no problem. */
export function ticketProblemSection(): TicketProblemSection | null {
  return section;
}
