import { AppError } from '../../platform/http/errors.ts';
import { type Actor, assertCan } from '../identity/index.ts';

/** Changes are desk work: every staff member may plan, submit and implement one. */
export function assertChangeWork(actor: Actor): void {
  assertCan(actor, 'ticket.work');
}

/** Freeze windows and standard change templates are set by leads and administrators. */
export function assertChangeAdmin(actor: Actor): void {
  if (actor.system || (actor.role !== 'lead' && actor.role !== 'admin')) throw new AppError('auth.forbidden');
}
