import { eq, sql } from 'drizzle-orm';
import type { SimulationResult } from '../../../../contracts/sla.ts';
import { slaPolicies } from '../../db/schema/sla.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { computeClocks, type SlaComputation } from './domain/clocks.ts';
import { CLOCK_NAMES } from './domain/policy.ts';
import { loadTicketFacts } from './history.ts';
import { loadCalendar, loadPolicies } from './policy-loader.ts';

/** At most this many tickets of a period are replayed. */
const LIMIT = 20_000;
const BATCH = 2000;

type Compliance = SimulationResult['simulated'];

function emptyCompliance(): Compliance {
  const clock = () => ({ met: 0, breached: 0, running: 0, paused: 0, compliancePercent: null });
  return { firstResponse: clock(), nextUpdate: clock(), resolution: clock() };
}

function count(compliance: Compliance, computation: SlaComputation): void {
  for (const name of CLOCK_NAMES) {
    const clock = computation[name];
    if (clock) compliance[name][clock.state] += 1;
  }
}

function finish(compliance: Compliance): Compliance {
  for (const name of CLOCK_NAMES) {
    const c = compliance[name];
    const finished = c.met + c.breached;
    c.compliancePercent = finished === 0 ? null : Math.round((c.met / finished) * 1000) / 10;
  }
  return compliance;
}

/**
 * Replays the tickets created in a past period as if the policy (a draft, or a change to one
 * in force) had applied, and reports the compliance it would have had beside the compliance
 * under the policies in force today, on the same tickets. Writes nothing.
 */
export async function simulatePolicy(options: {
  tx: Queryable;
  actor: Actor;
  policyId: number;
  input: { from: string; to: string; calendarId?: number | undefined };
  now?: Date;
}): Promise<SimulationResult> {
  const { tx, actor, policyId, input } = options;
  assertCan(actor, 'sla.manage');
  const [policy] = await tx
    .select({ id: slaPolicies.id })
    .from(slaPolicies)
    .where(eq(slaPolicies.id, policyId));
  if (!policy) throw new AppError('sla.policy_not_found');
  let calendarOverride: Awaited<ReturnType<typeof loadCalendar>> | undefined;
  if (input.calendarId !== undefined) {
    calendarOverride = await loadCalendar(tx, input.calendarId);
    if (!calendarOverride) throw new AppError('sla.calendar_not_found', { field: 'calendarId' });
  }
  const simulatedRules = (await loadPolicies(tx, { include: policyId, calendarOverride })).map((p) => p.rule);
  const currentRules = (await loadPolicies(tx)).map((p) => p.rule);
  const now = (options.now ?? new Date()).getTime();
  const from = new Date(input.from).toISOString();
  const to = new Date(input.to).toISOString();
  const ids = await tx.execute<{ id: number }>(sql`
    select id from tickets_v where created_at >= ${from} and created_at < ${to}
     order by created_at, id limit ${LIMIT + 1}`);
  const truncated = ids.rows.length > LIMIT;
  const ticketIds = ids.rows.slice(0, LIMIT).map((row) => row.id);

  const simulated = emptyCompliance();
  const current = emptyCompliance();
  const samples: SimulationResult['samples'] = [];
  let matched = 0;
  for (let i = 0; i < ticketIds.length; i += BATCH) {
    const facts = await loadTicketFacts(tx, ticketIds.slice(i, i + BATCH));
    for (const ticket of facts.values()) {
      const withPolicy = computeClocks(ticket.history, simulatedRules, now);
      if (withPolicy.policyId !== policyId) continue;
      matched += 1;
      count(simulated, withPolicy);
      count(current, computeClocks(ticket.history, currentRules, now));
      if (samples.length < 20) {
        samples.push({
          ticketId: ticket.id,
          number: ticket.number,
          resolution: withPolicy.resolution?.state ?? null,
          firstResponse: withPolicy.firstResponse?.state ?? null,
        });
      }
    }
  }
  return {
    policyId,
    from,
    to,
    tickets: ticketIds.length,
    matched,
    truncated,
    simulated: finish(simulated),
    current: finish(current),
    samples,
  };
}
