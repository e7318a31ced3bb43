import { eq } from 'drizzle-orm';
import type { UpdateUserInput, UserDto } from '../../../../contracts/identity.ts';
import { teamMembers, users } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { diff, recordEvent } from '../audit/index.ts';
import { type Actor, assertCan } from './actor.ts';
import { assertManager } from './create-user.ts';
import { type CurrentCredential, endSessions } from './end-sessions.ts';
import { hashPassword } from './passwords.ts';
import { loadUserDto } from './user-queries.ts';

/**
 * An administrator changes a user; a user changes their own name, language and time zone.
 * A new password ends every session of the person (and their API tokens unless
 * `revokeTokens: false`); deactivation ends both. Changing one's own password keeps the
 * credential the request came with (`current`).
 */
export async function updateUser(options: {
  tx: Tx;
  actor: Actor;
  userId: number;
  input: UpdateUserInput;
  current?: CurrentCredential;
}): Promise<UserDto> {
  const { tx, actor, userId, input } = options;
  const self = actor.id === userId;
  const onlyProfile = Object.keys(input).every((k) => ['name', 'locale', 'timezone'].includes(k));
  if (!(self && onlyProfile)) assertCan(actor, 'user.manage');
  const [before] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
  if (!before) throw new AppError('user.not_found');
  if (input.managerId !== before.managerId) await assertManager(tx, userId, input.managerId);
  const { teamIds, password, revokeTokens, ...fields } = input;
  const changes = diff(before, fields);
  if (Object.keys(changes).length > 0 || password) {
    await tx
      .update(users)
      .set({
        ...fields,
        ...(password ? { passwordHash: await hashPassword(password) } : {}),
        updatedAt: new Date(),
      })
      .where(eq(users.id, userId));
  }
  if (teamIds) {
    await tx.delete(teamMembers).where(eq(teamMembers.userId, userId));
    if (teamIds.length) await tx.insert(teamMembers).values(teamIds.map((teamId) => ({ teamId, userId })));
  }
  const deactivated = before.active && fields.active === false;
  const ended =
    password || deactivated
      ? await endSessions({
          tx,
          userId,
          revokeTokens: deactivated || revokeTokens !== false,
          keep: self && !deactivated ? options.current : undefined,
        })
      : null;
  await recordEvent(tx, {
    kind: 'user.updated',
    entityType: 'user',
    entityId: userId,
    actorId: actor.id,
    data: {
      changes,
      ...(teamIds ? { teamIds } : {}),
      ...(password ? { passwordChanged: true } : {}),
      ...(ended ?? {}),
    },
  });
  return loadUserDto(tx, userId);
}
