import { asc, eq, inArray } from 'drizzle-orm';
import type { TeamDto, Tier } from '../../../../contracts/identity.ts';
import { teamMembers, teams } from '../../db/schema.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { diff, recordEvent } from '../audit/index.ts';
import { type Actor, assertCan, isStaff } from './actor.ts';
import { isActiveStaff } from './directory.ts';
import { presentTeam } from './presenter.ts';
import { isUniqueViolation } from './user-queries.ts';

async function memberIdsByTeam(tx: Queryable, teamIds: number[]): Promise<Map<number, number[]>> {
  const map = new Map<number, number[]>();
  if (teamIds.length === 0) return map;
  const rows = await tx.select().from(teamMembers).where(inArray(teamMembers.teamId, teamIds));
  for (const row of rows) map.set(row.teamId, [...(map.get(row.teamId) ?? []), row.userId]);
  return map;
}

async function loadTeam(tx: Queryable, id: number): Promise<TeamDto> {
  const [row] = await tx.select().from(teams).where(eq(teams.id, id));
  if (!row) throw new AppError('team.not_found');
  return presentTeam(row, (await memberIdsByTeam(tx, [id])).get(id) ?? []);
}

/** Every team; who is in a team is the desk's business, so requesters get names without members. */
export async function listTeams(options: { tx: Queryable; actor: Actor }): Promise<{ items: TeamDto[] }> {
  const rows = await options.tx.select().from(teams).orderBy(asc(teams.tier), asc(teams.name));
  const members = isStaff(options.actor)
    ? await memberIdsByTeam(
        options.tx,
        rows.map((r) => r.id),
      )
    : new Map<number, number[]>();
  const staff = isStaff(options.actor);
  return { items: rows.map((row) => presentTeam(row, members.get(row.id) ?? [], { staff })) };
}

/** A team's lead must be an active member of staff (they decide approvals "by the team's lead"). */
async function assertLead(tx: Queryable, leadId: number | null | undefined): Promise<void> {
  if (leadId === null || leadId === undefined) return;
  if (!(await isActiveStaff(tx, leadId))) throw new AppError('team.lead_invalid', { field: 'leadId' });
}

export async function createTeam(options: {
  tx: Tx;
  actor: Actor | null;
  input: { name: string; tier: Tier; leadId?: number | null | undefined };
}): Promise<TeamDto> {
  const { tx, actor, input } = options;
  if (actor) assertCan(actor, 'team.manage');
  await assertLead(tx, input.leadId);
  try {
    const [row] = await tx.insert(teams).values(input).returning();
    if (!row) throw new Error('insert returned no row');
    await recordEvent(tx, {
      kind: 'team.created',
      entityType: 'team',
      entityId: row.id,
      actorId: actor?.id ?? null,
      data: { name: input.name, tier: input.tier },
    });
    return presentTeam(row, []);
  } catch (error) {
    if (isUniqueViolation(error, 'teams_name_key')) throw new AppError('team.name_taken', { field: 'name' });
    throw error;
  }
}

export async function updateTeam(options: {
  tx: Tx;
  actor: Actor;
  teamId: number;
  input: {
    name?: string | undefined;
    tier?: Tier | undefined;
    leadId?: number | null | undefined;
    memberIds?: number[] | undefined;
  };
}): Promise<TeamDto> {
  const { tx, actor, teamId, input } = options;
  assertCan(actor, 'team.manage');
  await assertLead(tx, input.leadId);
  const [before] = await tx.select().from(teams).where(eq(teams.id, teamId)).for('update');
  if (!before) throw new AppError('team.not_found');
  const { memberIds, ...fields } = input;
  const changes = diff(before, fields);
  try {
    if (Object.keys(changes).length) await tx.update(teams).set(fields).where(eq(teams.id, teamId));
  } catch (error) {
    if (isUniqueViolation(error, 'teams_name_key')) throw new AppError('team.name_taken', { field: 'name' });
    throw error;
  }
  if (memberIds) {
    await tx.delete(teamMembers).where(eq(teamMembers.teamId, teamId));
    const unique = [...new Set(memberIds)];
    if (unique.length) await tx.insert(teamMembers).values(unique.map((userId) => ({ teamId, userId })));
  }
  await recordEvent(tx, {
    kind: 'team.updated',
    entityType: 'team',
    entityId: teamId,
    actorId: actor.id,
    data: { changes, ...(memberIds ? { memberIds } : {}) },
  });
  return loadTeam(tx, teamId);
}
