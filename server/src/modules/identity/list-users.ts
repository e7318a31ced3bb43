import { and, asc, eq, ilike, inArray, or, type SQL } from 'drizzle-orm';
import type { Role, UserDto } from '../../../../contracts/identity.ts';
import { teamMembers, users } from '../../db/schema.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { type Actor, assertCan } from './actor.ts';
import { presentUser } from './presenter.ts';
import { teamIdsByUser } from './user-queries.ts';

export async function listUsers(options: {
  tx: Queryable;
  actor: Actor;
  input: {
    role?: Role[] | undefined;
    q?: string | undefined;
    teamId?: number | undefined;
    ids?: number[] | undefined;
  };
}): Promise<{ items: UserDto[] }> {
  const { tx, actor, input } = options;
  assertCan(actor, 'user.read');
  const where: SQL[] = [];
  if (input.role?.length) where.push(inArray(users.role, input.role));
  if (input.ids?.length) where.push(inArray(users.id, input.ids));
  if (input.q) {
    const pattern = `%${input.q.replace(/[\\%_]/g, '\\$&')}%`;
    const match = or(ilike(users.name, pattern), ilike(users.email, pattern));
    if (match) where.push(match);
  }
  if (input.teamId) {
    const members = tx
      .select({ id: teamMembers.userId })
      .from(teamMembers)
      .where(eq(teamMembers.teamId, input.teamId));
    where.push(inArray(users.id, members));
  }
  const rows = await tx
    .select()
    .from(users)
    .where(and(...where))
    .orderBy(asc(users.name))
    .limit(500);
  const teams = await teamIdsByUser(
    tx,
    rows.map((r) => r.id),
  );
  return { items: rows.map((row) => presentUser(row, teams.get(row.id) ?? [])) };
}
