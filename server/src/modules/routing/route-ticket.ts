import { eq, sql } from 'drizzle-orm';
import type { AssignmentStrategy } from '../../../../contracts/routing.ts';
import { routingRules, teamRouting } from '../../db/schema/routing.ts';
import { beginReadOf, readWithBegin, type Tx } from '../../platform/db/database.ts';
import { recordEvent } from '../audit/index.ts';
import { systemActor } from '../identity/index.ts';
import { findTicketRecords, type TicketChange, updateTicket } from '../tickets/index.ts';
import { agentAvailability } from './availability.ts';
import { chooseAssignee, ruleMatches } from './domain/dispatch.ts';

/**
 * Dispatches a new ticket (ES-1): the first active rule, by order, that matches sends it to its
 * team, and the rule's strategy picks an agent on duty. A ticket that already has a team or an
 * assignee (set by whoever opened it) is left alone. Imported tickets are history: not routed.
 */
export async function routeNewTicket(tx: Tx, change: TicketChange): Promise<void> {
  await routeNewTickets(tx, [change]);
}

/** The active rules in order, as `routeNewTickets` reads them: sent with the intake's BEGIN. */
export const ACTIVE_ROUTING_RULES = beginReadOf(
  'routing.active_rules',
  routingRules,
  'where "active" order by "order", "id"',
);

/**
 * `routeNewTicket` for the changes of a group commit (registered as a batch hook): the active
 * rules and the new tickets are read once for all of them (two statements, not two per ticket;
 * one, the rules, when no rule is active), then each ticket is dispatched in order, as one by
 * one: the rules are not changed by routing, and dispatching one ticket changes only that
 * ticket (and the team's round-robin state, which `pickAgent` reads under its lock each time).
 */
export async function routeNewTickets(tx: Tx, changes: readonly TicketChange[]): Promise<void> {
  const created = changes.filter((change) => change.kind === 'created' && !change.imported);
  if (created.length === 0) return;
  // The rules first: a desk without active rules does not read its new tickets at all. The
  // intake's transaction has them from its BEGIN.
  const rules =
    readWithBegin<typeof routingRules.$inferSelect>(tx, ACTIVE_ROUTING_RULES.key) ??
    (await tx
      .select()
      .from(routingRules)
      .where(eq(routingRules.active, true))
      .orderBy(routingRules.order, routingRules.id));
  if (rules.length === 0) return;
  const records = new Map(
    (await findTicketRecords(tx, [...new Set(created.map((change) => change.ticketId))])).map((t) => [
      t.id,
      t,
    ]),
  );
  const open = created.filter((change) => {
    const ticket = records.get(change.ticketId);
    return ticket !== undefined && ticket.teamId === null && ticket.assigneeId === null;
  });
  for (const change of open) {
    const ticket = records.get(change.ticketId);
    if (!ticket) continue;
    const rule = rules.find((r) =>
      ruleMatches(r.match, {
        type: ticket.type,
        category: ticket.category,
        organizationId: ticket.organizationId,
        subject: ticket.subject,
        description: ticket.description,
      }),
    );
    if (rule) await dispatch(tx, change, rule);
  }
}

async function dispatch(tx: Tx, change: TicketChange, rule: typeof routingRules.$inferSelect): Promise<void> {
  const assigneeId = await pickAgent(tx, rule.teamId, rule.strategy, rule.skills, change.at.getTime());
  const actor = await systemActor(tx, 'automation');
  await recordEvent(tx, {
    kind: 'ticket.routed',
    entityType: 'ticket',
    entityId: change.ticketId,
    ticketId: change.ticketId,
    actorId: actor.id,
    at: change.at,
    data: {
      ruleId: rule.id,
      ruleName: rule.name,
      teamId: rule.teamId,
      strategy: rule.strategy,
      assigneeId,
      internal: true,
    },
  });
  await updateTicket({
    tx,
    actor,
    ticketId: change.ticketId,
    input: { teamId: rule.teamId, ...(assigneeId === null ? {} : { assigneeId }) },
    now: change.at,
  });
}

async function pickAgent(
  tx: Tx,
  teamId: number,
  strategy: AssignmentStrategy,
  skills: string[],
  now: number,
): Promise<number | null> {
  if (strategy === 'manual') return null;
  // One dispatcher at a time per team, so round-robin and least-loaded see each other's choices.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`routing:${teamId}`}))`);
  const agents = await agentAvailability(tx, { teamId, now });
  const [state] = await tx.select().from(teamRouting).where(eq(teamRouting.teamId, teamId));
  const chosen = chooseAssignee({
    strategy,
    candidates: agents
      .filter((a) => a.role === 'agent' || a.role === 'lead')
      .map((a) => ({ userId: a.userId, onDuty: a.onDuty, openTickets: a.openTickets, skills: a.skills })),
    lastAssigneeId: state?.lastAssigneeId ?? null,
    requiredSkills: skills,
  });
  if (chosen !== null && strategy === 'round_robin') {
    await tx
      .insert(teamRouting)
      .values({ teamId, lastAssigneeId: chosen })
      .onConflictDoUpdate({ target: teamRouting.teamId, set: { lastAssigneeId: chosen } });
  }
  return chosen;
}
