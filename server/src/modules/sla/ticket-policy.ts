import { eq } from 'drizzle-orm';
import { slaPolicies, slaTicketPolicies } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recomputeClocks } from './recompute.ts';

/**
 * Runs one ticket on a chosen policy instead of the one the policies' matching would pick (a
 * catalog item's SLA policy, issue 13): from the ticket's creation on, while the policy stays
 * active (a switched-off or deleted policy gives the ticket back to the matching). Called in
 * the transaction that opened the ticket; the clocks and their timers move at once.
 */
export async function setTicketPolicy(
  tx: Tx,
  ticketId: number,
  policyId: number,
  now: Date = new Date(),
): Promise<void> {
  const [policy] = await tx
    .select({ id: slaPolicies.id })
    .from(slaPolicies)
    .where(eq(slaPolicies.id, policyId));
  if (!policy) throw new AppError('sla.policy_not_found');
  await tx
    .insert(slaTicketPolicies)
    .values({ ticketId, policyId, setAt: now })
    .onConflictDoUpdate({ target: slaTicketPolicies.ticketId, set: { policyId, setAt: now } });
  await recomputeClocks(tx, [ticketId], now.getTime(), { publish: true });
}
