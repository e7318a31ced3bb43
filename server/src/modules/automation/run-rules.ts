import { AsyncLocalStorage } from 'node:async_hooks';
import { and, asc, eq, gte, sql } from 'drizzle-orm';
import type {
  ActionResult,
  ConditionResult,
  RuleEvent,
  TriggerName,
} from '../../../../contracts/automation.ts';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import { automationRules, automationRuns } from '../../db/schema.ts';
import { beginReadOf, readWithBegin, type Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, findUserById, systemActor } from '../identity/index.ts';
import { getTicket } from '../tickets/index.ts';
import { runAction } from './actions.ts';
import { conditionsHold, explainConditions, type TicketFacts } from './evaluate.ts';

export type RuleRow = typeof automationRules.$inferSelect;

/**
 * The loop guard. A rule's actions change the ticket, which runs the rules again (nested, in the
 * same transaction). Rules nested deeper than MAX_DEPTH, and a rule that already ran on a
 * ticket RATE_LIMIT times in the last RATE_WINDOW_MINUTES, are stopped and the stop is logged
 * (`loop_stopped`), so a loop ends by rule, never by luck.
 */
export const LOOP_GUARD = { MAX_DEPTH: 3, RATE_LIMIT: 5, RATE_WINDOW_MINUTES: 10 };

const depthStore = new AsyncLocalStorage<number>();

export function factsOf(ticket: TicketDto, changedBy: TicketFacts['changedBy']): TicketFacts {
  return {
    changedBy,
    subject: ticket.subject,
    description: ticket.description,
    status: ticket.status,
    priority: ticket.priority,
    type: ticket.type,
    channel: ticket.channel,
    impact: ticket.impact,
    urgency: ticket.urgency,
    category: ticket.category,
    tags: ticket.tags,
    requesterId: ticket.requester.id,
    requesterEmail: ticket.requester.email,
    organizationId: ticket.organizationId,
    teamId: ticket.team?.id ?? null,
    assigneeId: ticket.assignee?.id ?? null,
  };
}

/** The enabled rules of new tickets, as `rulesFor` reads them: sent with the intake's BEGIN. */
export const NEW_TICKET_AUTOMATION_RULES = beginReadOf(
  'automation.rules:ticket.created',
  automationRules,
  `where "event" = 'ticket.created' and "enabled" order by "position", "id"`,
);

/** The enabled rules of a trigger, in order (of new tickets: from the intake's BEGIN, if it read them). */
export async function rulesFor(tx: Tx, event: RuleEvent): Promise<RuleRow[]> {
  if (event === 'ticket.created') {
    const read = readWithBegin<RuleRow>(tx, NEW_TICKET_AUTOMATION_RULES.key);
    if (read) return read;
  }
  return tx
    .select()
    .from(automationRules)
    .where(and(eq(automationRules.event, event), eq(automationRules.enabled, true)))
    .orderBy(asc(automationRules.position), asc(automationRules.id));
}

/**
 * Runs the rules of an event on a ticket, in the transaction of the change: each rule whose
 * conditions hold runs its actions in order as the automation account, and is logged (a run,
 * and an event on the ticket's timeline). An action that fails is undone (a savepoint) and
 * ends the rule's run as `failed`; the ticket's change itself stands.
 */
export async function runRules(
  tx: Tx,
  event: TriggerName,
  change: { ticketId: number; actorId: number | null; at?: Date },
  only?: readonly RuleRow[],
): Promise<void> {
  const { ticketId } = change;
  const now = change.at ?? new Date();
  const rules = only ?? (event === 'schedule' ? [] : await rulesFor(tx, event));
  if (rules.length === 0) return;
  const depth = (depthStore.getStore() ?? 0) + 1;
  const actor = await systemActor(tx, 'automation');
  let ticket = await getTicket({ tx, actor, ticketId });
  const changedBy = await whoChanged(tx, change.actorId, actor, ticket);
  let facts = factsOf(ticket, changedBy);
  for (const rule of rules) {
    // The fast path for the many rules that do not match; the explanation only for those that do.
    if (!conditionsHold(rule.conditions, facts)) continue;
    const { results } = explainConditions(rule.conditions, facts);
    const stop =
      depth > LOOP_GUARD.MAX_DEPTH ? 'depth' : (await tooOften(tx, rule.id, ticketId, now)) ? 'rate' : null;
    if (stop) {
      await logStop(tx, { rule, ticketId, event, depth, results, reason: stop, actor, now });
      continue;
    }
    const actions = await depthStore.run(depth, () => runActions(tx, actor, rule, ticket));
    const outcome = actions.some((a) => a.outcome === 'failed') ? 'failed' : 'applied';
    const [run] = await tx
      .insert(automationRuns)
      .values({
        ruleId: rule.id,
        ticketId,
        trigger: event,
        outcome,
        depth,
        conditions: results,
        actions,
        at: now,
      })
      .returning({ id: automationRuns.id });
    await recordEvent(tx, {
      kind: 'automation.rule_ran',
      entityType: 'automation_rule',
      entityId: rule.id,
      ticketId,
      actorId: actor.id,
      data: {
        ruleId: rule.id,
        name: rule.name,
        runId: run?.id ?? 0,
        trigger: event,
        outcome,
        actions: actions.map((a) => ({ type: a.type, outcome: a.outcome })),
        internal: true,
      },
    });
    // The next rule sees the ticket as this one left it.
    ticket = await getTicket({ tx, actor, ticketId });
    facts = factsOf(ticket, changedBy);
  }
}

/** Who made the change: the requester, staff, a rule (the automation account) or the desk itself. */
async function whoChanged(
  tx: Tx,
  actorId: number | null,
  automation: Actor,
  ticket: TicketDto,
): Promise<TicketFacts['changedBy']> {
  if (actorId === null) return 'system';
  if (actorId === automation.id) return 'automation';
  if (actorId === ticket.requester.id) return 'requester';
  const user = await findUserById(tx, actorId);
  if (!user || user.email.endsWith('@servicedesk.invalid')) return 'system';
  return user.role === 'requester' ? 'requester' : 'staff';
}

async function runActions(tx: Tx, actor: Actor, rule: RuleRow, start: TicketDto): Promise<ActionResult[]> {
  const results: ActionResult[] = [];
  let ticket = start;
  for (const action of rule.actions) {
    try {
      const result = await tx.transaction((savepoint) => runAction(savepoint, actor, action, ticket));
      results.push({ type: action.type, detail: result.detail, outcome: result.outcome, error: null });
      if (result.outcome === 'done') ticket = await getTicket({ tx, actor, ticketId: ticket.id });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      results.push({ type: action.type, detail: {}, outcome: 'failed', error: error.code });
      break;
    }
  }
  return results;
}

async function tooOften(tx: Tx, ruleId: number, ticketId: number, now: Date): Promise<boolean> {
  const since = new Date(now.getTime() - LOOP_GUARD.RATE_WINDOW_MINUTES * 60_000);
  const [row] = await tx
    .select({ count: sql<number>`count(*)::int` })
    .from(automationRuns)
    .where(
      and(
        eq(automationRuns.ruleId, ruleId),
        eq(automationRuns.ticketId, ticketId),
        gte(automationRuns.at, since),
        sql`${automationRuns.outcome} <> 'loop_stopped'`,
      ),
    );
  return (row?.count ?? 0) >= LOOP_GUARD.RATE_LIMIT;
}

async function logStop(
  tx: Tx,
  options: {
    rule: RuleRow;
    ticketId: number;
    event: TriggerName;
    depth: number;
    results: ConditionResult[];
    reason: 'depth' | 'rate';
    actor: Actor;
    now: Date;
  },
): Promise<void> {
  const { rule, ticketId, event, depth, results, reason, actor, now } = options;
  const [run] = await tx
    .insert(automationRuns)
    .values({
      ruleId: rule.id,
      ticketId,
      trigger: event,
      outcome: 'loop_stopped',
      depth,
      conditions: results,
      actions: [],
      stopReason: reason,
      at: now,
    })
    .returning({ id: automationRuns.id });
  await recordEvent(tx, {
    kind: 'automation.loop_stopped',
    entityType: 'automation_rule',
    entityId: rule.id,
    ticketId,
    actorId: actor.id,
    data: { ruleId: rule.id, name: rule.name, runId: run?.id ?? 0, trigger: event, reason, internal: true },
  });
}
