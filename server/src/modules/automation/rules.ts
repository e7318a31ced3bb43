import { asc, eq, sql } from 'drizzle-orm';
import {
  type CreateRuleInput,
  type RuleDto,
  triggerName,
  type UpdateRuleInput,
} from '../../../../contracts/automation.ts';
import { automationRules, automationRuns } from '../../db/schema.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { loadCalendar } from '../sla/index.ts';
import { scheduleSweep } from './schedule.ts';

type RuleRow = typeof automationRules.$inferSelect;

/** A schedule in business time counts on a calendar that exists (400 on the field otherwise). */
async function checkTrigger(tx: Queryable, trigger: CreateRuleInput['trigger'] | undefined): Promise<void> {
  if (!trigger || !('schedule' in trigger)) return;
  const { calendarId } = trigger.schedule;
  if (calendarId !== undefined && !(await loadCalendar(tx, calendarId))) {
    throw new AppError('automation.calendar_not_found', { field: 'trigger.schedule.calendarId' });
  }
}

function present(row: RuleRow, stops: { count: number; last: Date | null } | undefined): RuleDto {
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    trigger: row.trigger,
    conditions: row.conditions,
    actions: row.actions,
    position: row.position,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    lastLoopStopAt: stops?.last ? new Date(stops.last).toISOString() : null,
    loopStops: stops?.count ?? 0,
  };
}

/** Loop-guard stops per rule, for the administrators' rules page. */
async function loopStops(tx: Queryable, ruleIds: number[]) {
  const map = new Map<number, { count: number; last: Date | null }>();
  if (ruleIds.length === 0) return map;
  const result = await tx.execute<{ rule_id: number; count: number; last: Date | string | null }>(sql`
    select rule_id, count(*)::int as count, max(at) as last from ${automationRuns}
     where outcome = 'loop_stopped' and rule_id = any(${sql.param(ruleIds)}::bigint[]) group by rule_id`);
  for (const row of result.rows)
    map.set(Number(row.rule_id), { count: row.count, last: row.last === null ? null : new Date(row.last) });
  return map;
}

export async function listRules(options: { tx: Queryable; actor: Actor }): Promise<RuleDto[]> {
  assertCan(options.actor, 'settings.manage');
  const rows = await options.tx
    .select()
    .from(automationRules)
    .orderBy(asc(automationRules.event), asc(automationRules.position), asc(automationRules.id));
  const stops = await loopStops(
    options.tx,
    rows.map((r) => r.id),
  );
  return rows.map((row) => present(row, stops.get(row.id)));
}

export async function loadRule(tx: Queryable, ruleId: number): Promise<RuleRow> {
  const [row] = await tx.select().from(automationRules).where(eq(automationRules.id, ruleId));
  if (!row) throw new AppError('automation.rule_not_found');
  return row;
}

export async function getRule(options: { tx: Queryable; actor: Actor; ruleId: number }): Promise<RuleDto> {
  assertCan(options.actor, 'settings.manage');
  const row = await loadRule(options.tx, options.ruleId);
  return present(row, (await loopStops(options.tx, [row.id])).get(row.id));
}

export async function createRule(options: {
  tx: Tx;
  actor: Actor;
  input: CreateRuleInput;
}): Promise<RuleDto> {
  const { tx, actor, input } = options;
  assertCan(actor, 'settings.manage');
  await checkTrigger(tx, input.trigger);
  const [row] = await tx
    .insert(automationRules)
    .values({ ...input, event: triggerName(input.trigger), createdBy: actor.id })
    .returning();
  if (!row) throw new Error('no rule inserted');
  if (row.event === 'schedule') await scheduleSweep(tx, new Date());
  await recordEvent(tx, {
    kind: 'automation.rule_created',
    entityType: 'automation_rule',
    entityId: row.id,
    actorId: actor.id,
    data: { ruleId: row.id, name: row.name, event: row.event },
  });
  return present(row, undefined);
}

export async function updateRule(options: {
  tx: Tx;
  actor: Actor;
  ruleId: number;
  input: UpdateRuleInput;
}): Promise<RuleDto> {
  const { tx, actor, ruleId, input } = options;
  assertCan(actor, 'settings.manage');
  await loadRule(tx, ruleId);
  await checkTrigger(tx, input.trigger);
  const fields = Object.keys(input).filter((key) => input[key as keyof UpdateRuleInput] !== undefined);
  const [row] = await tx
    .update(automationRules)
    .set({ ...input, ...(input.trigger ? { event: triggerName(input.trigger) } : {}), updatedAt: new Date() })
    .where(eq(automationRules.id, ruleId))
    .returning();
  if (!row) throw new AppError('automation.rule_not_found');
  if (row.event === 'schedule' && row.enabled) await scheduleSweep(tx, new Date());
  await recordEvent(tx, {
    kind: 'automation.rule_updated',
    entityType: 'automation_rule',
    entityId: row.id,
    actorId: actor.id,
    data: { ruleId: row.id, name: row.name, fields },
  });
  return present(row, (await loopStops(tx, [row.id])).get(row.id));
}

export async function deleteRule(options: { tx: Tx; actor: Actor; ruleId: number }): Promise<void> {
  const { tx, actor, ruleId } = options;
  assertCan(actor, 'settings.manage');
  const row = await loadRule(tx, ruleId);
  await tx.delete(automationRules).where(eq(automationRules.id, ruleId));
  await recordEvent(tx, {
    kind: 'automation.rule_deleted',
    entityType: 'automation_rule',
    entityId: row.id,
    actorId: actor.id,
    data: { ruleId: row.id, name: row.name },
  });
}
