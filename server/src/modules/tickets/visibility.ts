import { type SQL, sql } from 'drizzle-orm';
import { AppError } from '../../platform/http/errors.ts';
import { type Actor, isStaff } from '../identity/index.ts';

/**
 * The tickets an actor may see, as a condition on `t` (the tickets table): staff see all;
 * a requester sees their own, and their organisation's where it shares tickets (GV-1).
 */
export function visibleTo(actor: Actor): SQL {
  if (isStaff(actor)) return sql`true`;
  if (actor.organizationId === null) return sql`t.requester_id = ${actor.id}`;
  return sql`(t.requester_id = ${actor.id} or t.organization_id = (
    select o.id from identity_organizations_v o where o.id = ${actor.organizationId} and o.share_tickets))`;
}

/** A ticket the caller may not see does not exist for them: 404, not 403. */
export function ticketNotFound(): AppError {
  return new AppError('ticket.not_found');
}
