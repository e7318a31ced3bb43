import { asc, eq } from 'drizzle-orm';
import type {
  CreateRoutingRuleInput,
  RoutingRuleDto,
  UpdateRoutingRuleInput,
} from '../../../../contracts/routing.ts';
import { routingRules } from '../../db/schema/routing.ts';
import { identityTeamsView } from '../../db/schema.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { diff, recordEvent } from '../audit/index.ts';
import { type Actor, assertCan, findTeam } from '../identity/index.ts';

type RuleRow = typeof routingRules.$inferSelect;

function present(row: RuleRow, teamName: string | null): RoutingRuleDto {
  return {
    id: row.id,
    name: row.name,
    order: row.order,
    active: row.active,
    match: row.match as RoutingRuleDto['match'],
    teamId: row.teamId,
    teamName: teamName ?? '',
    strategy: row.strategy,
    skills: row.skills,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function teamName(tx: Queryable, teamId: number): Promise<string> {
  const team = await findTeam(tx, teamId);
  if (!team) throw new AppError('team.not_found', { field: 'teamId' });
  return team.name;
}

/** Dispatch rules in the order they are tried (ES-1). */
export async function listRoutingRules(options: {
  tx: Queryable;
  actor: Actor;
}): Promise<{ items: RoutingRuleDto[] }> {
  assertCan(options.actor, 'ticket.work');
  const rows = await options.tx
    .select({ rule: routingRules, teamName: identityTeamsView.name })
    .from(routingRules)
    .leftJoin(identityTeamsView, eq(identityTeamsView.id, routingRules.teamId))
    .orderBy(asc(routingRules.order), asc(routingRules.id));
  return { items: rows.map((r) => present(r.rule, r.teamName)) };
}

export async function createRoutingRule(options: {
  tx: Tx;
  actor: Actor;
  input: CreateRoutingRuleInput;
}): Promise<RoutingRuleDto> {
  const { tx, actor, input } = options;
  assertCan(actor, 'routing.manage');
  const name = await teamName(tx, input.teamId);
  const [row] = await tx.insert(routingRules).values(input).returning();
  if (!row) throw new Error('insert returned no row');
  await recordEvent(tx, {
    kind: 'routing.rule_created',
    entityType: 'routing_rule',
    entityId: row.id,
    actorId: actor.id,
    data: { name: row.name, teamId: row.teamId, strategy: row.strategy },
  });
  return present(row, name);
}

export async function updateRoutingRule(options: {
  tx: Tx;
  actor: Actor;
  ruleId: number;
  input: UpdateRoutingRuleInput;
}): Promise<RoutingRuleDto> {
  const { tx, actor, ruleId, input } = options;
  assertCan(actor, 'routing.manage');
  const [before] = await tx.select().from(routingRules).where(eq(routingRules.id, ruleId)).for('update');
  if (!before) throw new AppError('routing.rule_not_found');
  const name = await teamName(tx, input.teamId ?? before.teamId);
  const changes = diff(before as unknown as Record<string, unknown>, input as Record<string, unknown>);
  const [row] = await tx
    .update(routingRules)
    .set({ ...input, updatedAt: new Date() })
    .where(eq(routingRules.id, ruleId))
    .returning();
  if (!row) throw new AppError('routing.rule_not_found');
  await recordEvent(tx, {
    kind: 'routing.rule_updated',
    entityType: 'routing_rule',
    entityId: ruleId,
    actorId: actor.id,
    data: { fields: Object.keys(changes) },
  });
  return present(row, name);
}

export async function deleteRoutingRule(options: { tx: Tx; actor: Actor; ruleId: number }): Promise<void> {
  assertCan(options.actor, 'routing.manage');
  const deleted = await options.tx
    .delete(routingRules)
    .where(eq(routingRules.id, options.ruleId))
    .returning();
  if (deleted.length === 0) throw new AppError('routing.rule_not_found');
  await recordEvent(options.tx, {
    kind: 'routing.rule_deleted',
    entityType: 'routing_rule',
    entityId: options.ruleId,
    actorId: options.actor.id,
    data: { name: deleted[0]?.name },
  });
}
