import { eq, sql } from 'drizzle-orm';
import { teamRouting } from '../../db/schema/routing.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, assertCan, findTeam } from '../identity/index.ts';

export interface TierDto {
  teamId: number;
  teamName: string;
  tier: string;
  nextTeamId: number | null;
  nextTeamName: string | null;
}

/** The team a ticket goes to when a team escalates functionally (L1 -> L2 -> L3). */
export async function nextTierTeam(tx: Queryable, teamId: number | null): Promise<number | null> {
  if (teamId === null) return null;
  const [row] = await tx
    .select({ next: teamRouting.nextTeamId })
    .from(teamRouting)
    .where(eq(teamRouting.teamId, teamId));
  return row?.next ?? null;
}

/** Every team with its next tier. */
export async function listTiers(options: { tx: Queryable; actor: Actor }): Promise<{ items: TierDto[] }> {
  assertCan(options.actor, 'ticket.work');
  const result = await options.tx.execute<{
    team_id: number;
    team_name: string;
    tier: string;
    next_team_id: number | null;
    next_team_name: string | null;
  }>(sql`
    select t.id as team_id, t.name as team_name, t.tier, r.next_team_id, n.name as next_team_name
      from identity_teams_v t left join team_routing r on r.team_id = t.id left join identity_teams_v n on n.id = r.next_team_id
     order by t.tier, t.name`);
  return {
    items: result.rows.map((row) => ({
      teamId: row.team_id,
      teamName: row.team_name,
      tier: row.tier,
      nextTeamId: row.next_team_id,
      nextTeamName: row.next_team_name,
    })),
  };
}

/** Sets (or clears) the team's next tier. */
export async function setNextTier(options: {
  tx: Tx;
  actor: Actor;
  teamId: number;
  nextTeamId: number | null;
}): Promise<TierDto> {
  const { tx, actor, teamId, nextTeamId } = options;
  assertCan(actor, 'routing.manage');
  if (nextTeamId === teamId) throw new AppError('routing.next_team_invalid', { field: 'nextTeamId' });
  const team = await findTeam(tx, teamId);
  if (!team) throw new AppError('team.not_found');
  const next = nextTeamId === null ? null : await findTeam(tx, nextTeamId);
  if (nextTeamId !== null && !next) throw new AppError('team.not_found', { field: 'nextTeamId' });
  await tx
    .insert(teamRouting)
    .values({ teamId, nextTeamId })
    .onConflictDoUpdate({ target: teamRouting.teamId, set: { nextTeamId } });
  await recordEvent(tx, {
    kind: 'routing.tier_set',
    entityType: 'team',
    entityId: teamId,
    actorId: actor.id,
    data: { nextTeamId },
  });
  return {
    teamId,
    teamName: team.name,
    tier: team.tier,
    nextTeamId,
    nextTeamName: next?.name ?? null,
  };
}
