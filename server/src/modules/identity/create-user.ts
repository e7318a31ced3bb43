import type { CreateUserInput, UserDto } from '../../../../contracts/identity.ts';
import { teamMembers, users } from '../../db/schema.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, assertCan } from './actor.ts';
import { findActivePerson } from './directory.ts';
import { hashPassword } from './passwords.ts';
import { findUserByEmail, isUniqueViolation, loadUserDto } from './user-queries.ts';

/** A manager is another active person (any role: a department head may have no desk role). */
export async function assertManager(
  tx: Queryable,
  userId: number | null,
  managerId: number | null | undefined,
): Promise<void> {
  if (managerId === null || managerId === undefined) return;
  if (managerId === userId || !(await findActivePerson(tx, managerId)))
    throw new AppError('user.manager_invalid', { field: 'managerId' });
}

export async function createUser(options: {
  tx: Tx;
  actor: Actor | null;
  input: CreateUserInput;
}): Promise<UserDto> {
  const { tx, actor, input } = options;
  // actor null: the system itself (first start, imports).
  if (actor) assertCan(actor, 'user.manage');
  await assertManager(tx, null, input.managerId);
  if (await findUserByEmail(tx, input.email)) throw new AppError('user.email_taken', { field: 'email' });
  let row: typeof users.$inferSelect | undefined;
  try {
    [row] = await tx
      .insert(users)
      .values({
        email: input.email,
        name: input.name,
        role: input.role,
        locale: input.locale ?? 'zh-CN',
        timezone: input.timezone ?? 'Asia/Shanghai',
        organizationId: input.organizationId ?? null,
        managerId: input.managerId ?? null,
        passwordHash: input.password ? await hashPassword(input.password) : null,
      })
      .returning();
  } catch (error) {
    if (isUniqueViolation(error, 'users_email_key'))
      throw new AppError('user.email_taken', { field: 'email' });
    throw error;
  }
  if (!row) throw new Error('insert returned no row');
  if (input.teamIds?.length) {
    await tx.insert(teamMembers).values(input.teamIds.map((teamId) => ({ teamId, userId: row.id })));
  }
  await recordEvent(tx, {
    kind: 'user.created',
    entityType: 'user',
    entityId: row.id,
    actorId: actor?.id ?? null,
    data: { email: row.email, role: row.role },
  });
  return loadUserDto(tx, row.id);
}
