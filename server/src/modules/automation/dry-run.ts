import type { ActionResult, DryRunDto } from '../../../../contracts/automation.ts';
import type { Tx } from '../../platform/db/database.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { getTicket } from '../tickets/index.ts';
import { alreadyDone, describeAction } from './actions.ts';
import { explainConditions, type TicketFacts } from './evaluate.ts';
import { loadRule } from './rules.ts';
import { factsOf } from './run-rules.ts';
import { hasRunbookRunner } from './runbook-port.ts';

/**
 * What a rule would do to a ticket now: each condition with the ticket's value, and each action
 * with the values it would use. Reads only; the caller rolls the transaction back as well.
 */
export async function dryRunRule(options: {
  tx: Tx;
  actor: Actor;
  ruleId: number;
  ticketId: number;
  /** Who is supposed to have made the change (the `changedBy` condition); the requester by default. */
  changedBy?: TicketFacts['changedBy'] | undefined;
}): Promise<DryRunDto> {
  const { tx, actor, ruleId, ticketId } = options;
  assertCan(actor, 'settings.manage');
  const rule = await loadRule(tx, ruleId);
  const ticket = await getTicket({ tx, actor, ticketId });
  const { matched, results } = explainConditions(
    rule.conditions,
    factsOf(ticket, options.changedBy ?? 'requester'),
  );
  const actions: ActionResult[] = [];
  for (const action of rule.actions) {
    const detail = await describeAction(tx, action, ticket);
    const unavailable = action.type === 'run_runbook' && !hasRunbookRunner();
    actions.push({
      type: action.type,
      detail,
      outcome: unavailable ? 'failed' : alreadyDone(action, ticket) ? 'unchanged' : 'would_run',
      error: unavailable ? 'automation.runbooks_unavailable' : null,
    });
  }
  return { ruleId, ticketId, matched, conditions: results, actions };
}
