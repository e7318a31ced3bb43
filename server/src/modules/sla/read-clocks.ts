import { asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { CommitmentDto, TicketSlaDto } from '../../../../contracts/sla.ts';
import { slaCalendars, slaPolicies } from '../../db/schema/sla.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { type Actor, assertCan, isStaff } from '../identity/index.ts';
import { computeTickets } from './compute-sla.ts';
import { ROUND_THE_CLOCK } from './domain/business-time.ts';
import { presentSla } from './presenter.ts';
import { currentVendorClock } from './vendor-clocks.ts';

/** The clocks of a page of the queue, computed now (the countdowns of the agent queue). */
export async function listTicketClocks(options: {
  tx: Queryable;
  actor: Actor;
  ticketIds: readonly number[];
  now?: Date;
}): Promise<{ items: { ticketId: number; sla: TicketSlaDto }[] }> {
  assertCan(options.actor, 'ticket.work');
  const now = (options.now ?? new Date()).getTime();
  const computed = await computeTickets(options.tx, [...new Set(options.ticketIds)], now);
  return {
    items: options.ticketIds.flatMap((ticketId) => {
      const ticket = computed.get(ticketId);
      if (!ticket) return [];
      return [
        { ticketId, sla: presentSla(ticket.computation, currentVendorClock(ticket.handoffs, now), now) },
      ];
    }),
  };
}

export type Commitment = z.infer<typeof CommitmentDto>;

/**
 * The service levels a person can rely on (SL-4): the policies in force that can apply to
 * them (their organisation's, and those for everybody), with targets and opening hours.
 */
export async function listCommitments(options: {
  tx: Queryable;
  actor: Actor;
}): Promise<{ items: Commitment[] }> {
  const { tx, actor } = options;
  const rows = await tx
    .select({ policy: slaPolicies, calendar: slaCalendars })
    .from(slaPolicies)
    .leftJoin(slaCalendars, eq(slaCalendars.id, slaPolicies.calendarId))
    .where(eq(slaPolicies.active, true))
    .orderBy(asc(slaPolicies.order), asc(slaPolicies.id));
  const items = rows
    .filter(({ policy }) => {
      const orgs = policy.match.organizationId;
      if (!orgs?.length || isStaff(actor)) return true;
      return actor.organizationId !== null && orgs.includes(actor.organizationId);
    })
    .map(
      ({ policy, calendar }): Commitment => ({
        policyName: policy.name,
        // Which organisations a policy names is the desk's business, not the requester's.
        match: (isStaff(actor)
          ? policy.match
          : { ...policy.match, organizationId: undefined }) as Commitment['match'],
        timezone: calendar?.timezone ?? ROUND_THE_CLOCK.timezone,
        calendarName: calendar?.name ?? null,
        hours: calendar?.hours ?? [...ROUND_THE_CLOCK.hours],
        targets: policy.targets as Commitment['targets'],
      }),
    );
  return { items };
}
