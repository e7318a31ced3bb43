import { sql } from 'drizzle-orm';
import type { RuleRunDto, RunOutcome } from '../../../../contracts/automation.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { assertTicketVisible } from '../tickets/index.ts';

interface RunRow extends Record<string, unknown> {
  id: number;
  rule_id: number;
  rule_name: string;
  ticket_id: number;
  ticket_number: number;
  trigger: string;
  outcome: RunOutcome;
  depth: number;
  conditions: RuleRunDto['conditions'];
  actions: RuleRunDto['actions'];
  stop_reason: string | null;
  at: Date | string;
}

/**
 * The rules' executions, newest first: of one ticket (for staff who see it), or all of them,
 * of a rule or an outcome (administrators).
 */
export async function listRuns(options: {
  tx: Queryable;
  actor: Actor;
  query: {
    ticketId?: number | undefined;
    ruleId?: number | undefined;
    outcome?: RunOutcome | undefined;
    limit: number;
  };
}): Promise<RuleRunDto[]> {
  const { tx, actor, query } = options;
  if (query.ticketId !== undefined && query.ruleId === undefined) {
    assertCan(actor, 'ticket.work');
    await assertTicketVisible(tx, actor, query.ticketId);
  } else assertCan(actor, 'settings.manage');
  const where = [sql`true`];
  if (query.ticketId !== undefined) where.push(sql`r.ticket_id = ${query.ticketId}`);
  if (query.ruleId !== undefined) where.push(sql`r.rule_id = ${query.ruleId}`);
  if (query.outcome !== undefined) where.push(sql`r.outcome = ${query.outcome}`);
  const result = await tx.execute<RunRow>(sql`
    select r.id, r.rule_id, ru.name as rule_name, r.ticket_id, t.number as ticket_number, r.trigger, r.outcome, r.depth,
           r.conditions, r.actions, r.stop_reason, r.at
      from automation_runs r join automation_rules ru on ru.id = r.rule_id
      join tickets_v t on t.id = r.ticket_id
     where ${sql.join(where, sql` and `)}
     order by r.at desc, r.id desc limit ${query.limit}`);
  return result.rows.map((row) => ({
    id: Number(row.id),
    ruleId: Number(row.rule_id),
    ruleName: row.rule_name,
    ticketId: Number(row.ticket_id),
    ticketNumber: Number(row.ticket_number),
    trigger: row.trigger,
    outcome: row.outcome,
    depth: row.depth,
    conditions: row.conditions,
    actions: row.actions,
    stopReason: row.stop_reason,
    at: new Date(row.at).toISOString(),
  }));
}
