import { and, eq } from 'drizzle-orm';
import type { Priority } from '../../../../contracts/tickets.ts';
import { slaPolicies } from '../../db/schema/sla.ts';
import type { Tx } from '../../platform/db/database.ts';
import type { RecordedEvent } from '../audit/index.ts';
import { type Actor, systemActor } from '../identity/index.ts';
import { getTicket, updateTicket } from '../tickets/index.ts';
import { SLA_BREACH_REASON } from './breach-reason.ts';

/** What the policy of a breached clock asks for, as its subscribers act on it. */
export interface BreachPlan {
  ticketId: number;
  /** A stable code, not words: every reader sees it in their own language. */
  reason: string;
  raisePriority: boolean;
  escalateToNextTier: boolean;
  /** The automation account the actions are taken as. */
  actor: Actor;
  at: Date;
}

/**
 * The breach actions an `sla.breached` event calls for (its clock's policy, still active):
 * raise the priority one step, move the ticket to the next tier. None for a missed progress
 * update: that only reminds (the alert itself). Subscribers of `sla.breached` (this module's
 * `raisePriorityOnBreach`, escalation's) read it in the recording transaction, from the same
 * event object: the plan is read once per event (a breach storm fires thousands, issue 18).
 */
export function breachPlan(tx: Tx, event: RecordedEvent<'sla.breached'>): Promise<BreachPlan | null> {
  let plan = plans.get(event);
  if (!plan) {
    plan = readBreachPlan(tx, event);
    plans.set(event, plan);
  }
  return plan;
}

const plans = new WeakMap<RecordedEvent<'sla.breached'>, Promise<BreachPlan | null>>();

async function readBreachPlan(tx: Tx, event: RecordedEvent<'sla.breached'>): Promise<BreachPlan | null> {
  const { clock, policyId } = event.data;
  if (!event.ticketId || policyId === null) return null;
  if (clock !== 'firstResponse' && clock !== 'resolution') return null;
  const [policy] = await tx
    .select({ actions: slaPolicies.breachActions })
    .from(slaPolicies)
    .where(and(eq(slaPolicies.id, policyId), eq(slaPolicies.active, true)));
  if (!policy) return null;
  return {
    ticketId: event.ticketId,
    reason: clock === 'firstResponse' ? SLA_BREACH_REASON.firstResponse : SLA_BREACH_REASON.resolution,
    raisePriority: policy.actions.raisePriority,
    escalateToNextTier: policy.actions.escalateToNextTier,
    actor: await systemActor(tx, 'automation'),
    at: event.at,
  };
}

const HIGHER: Record<Priority, Priority> = { P1: 'P1', P2: 'P1', P3: 'P2', P4: 'P3' };

/**
 * The first breach action (subscribed to `sla.breached` by the module registry, before
 * escalation's): raise the priority one step, an ordinary ticket change by the automation
 * account, so it is in the timeline.
 */
export async function raisePriorityOnBreach(tx: Tx, event: RecordedEvent<'sla.breached'>): Promise<void> {
  const plan = await breachPlan(tx, event);
  if (!plan?.raisePriority) return;
  const { ticketId, actor, reason, at } = plan;
  const current = (await getTicket({ tx, actor, ticketId })).priority;
  if (HIGHER[current] === current) return;
  await updateTicket({
    tx,
    actor,
    ticketId,
    input: { priority: HIGHER[current], priorityReason: reason },
    now: at,
  });
}
