import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildTeam, buildUser } from '../../../test/factories.ts';
import { setupTestApp } from '../../../test/harness.ts';
import { users } from '../../db/schema.ts';
import {
  findActivePerson,
  findPeople,
  findPerson,
  findTeam,
  findTeamByName,
  isActiveStaff,
  personNames,
  teamNames,
} from './directory.ts';

const ctx = await setupTestApp();
const db = ctx.database.db;

describe('the directory other modules read people and teams through', () => {
  it('finds people without their secrets, and tells active staff from the rest', async () => {
    const agent = await buildUser(ctx, { role: 'agent', name: '王工' });
    const requester = await buildUser(ctx, { role: 'requester' });
    const gone = await buildUser(ctx, { role: 'lead' });
    await db.update(users).set({ active: false }).where(eq(users.id, gone.user.id));

    const found = await findPerson(db, agent.user.id);
    expect(found).toMatchObject({ id: agent.user.id, name: '王工', role: 'agent', active: true });
    expect(found).not.toHaveProperty('passwordHash');
    expect(await findPerson(db, 987_654_321)).toBeNull();
    expect(await findActivePerson(db, gone.user.id)).toBeNull();
    expect(await findPerson(db, gone.user.id)).toMatchObject({ active: false });

    expect(await isActiveStaff(db, agent.user.id)).toBe(true);
    expect(await isActiveStaff(db, requester.user.id)).toBe(false);
    expect(await isActiveStaff(db, gone.user.id)).toBe(false);
    expect(await isActiveStaff(db, 987_654_321)).toBe(false);

    const ids = [agent.user.id, requester.user.id, 987_654_321];
    expect((await findPeople(db, ids)).map((p) => p.id).sort()).toEqual(ids.slice(0, 2).sort());
    expect(await findPeople(db, [])).toEqual([]);
    expect((await personNames(db, ids)).get(agent.user.id)).toBe('王工');
  });

  it('finds teams by id and by name whatever the case, and their names', async () => {
    const team = await buildTeam(ctx, { name: 'Network Ops', tier: 'L2' });

    expect(await findTeam(db, team.id)).toEqual({ id: team.id, name: 'Network Ops', tier: 'L2' });
    expect(await findTeam(db, 987_654_321)).toBeNull();
    expect((await findTeamByName(db, 'network ops'))?.id).toBe(team.id);
    expect(await findTeamByName(db, 'network')).toBeNull();
    expect(await teamNames(db, [team.id, 987_654_321])).toEqual(new Map([[team.id, 'Network Ops']]));
  });
});
