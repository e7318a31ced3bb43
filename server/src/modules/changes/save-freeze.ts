import { eq } from 'drizzle-orm';
import type { FreezeDto, FreezeInput, UpdateFreezeInput } from '../../../../contracts/changes.ts';
import { changeFreezes } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { diff, recordEvent } from '../audit/index.ts';
import type { Actor } from '../identity/index.ts';
import { assertChangeAdmin } from './access.ts';
import { validWindow } from './domain.ts';
import { findFreeze } from './list-freezes.ts';

/** `POST /change-freezes` (lead or admin): a freeze window (封网). */
export async function createFreeze(options: {
  tx: Tx;
  actor: Actor;
  input: FreezeInput;
}): Promise<FreezeDto> {
  const { tx, actor, input } = options;
  assertChangeAdmin(actor);
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  if (!validWindow(startsAt, endsAt)) throw new AppError('change.bad_freeze_window', { field: 'endsAt' });
  const [row] = await tx
    .insert(changeFreezes)
    .values({ name: input.name, startsAt, endsAt, reason: input.reason ?? '', createdBy: actor.id })
    .returning();
  if (!row) throw new Error('insert returned no row');
  await recordEvent(tx, {
    kind: 'change.freeze_created',
    entityType: 'change_freeze',
    entityId: row.id,
    actorId: actor.id,
    data: {
      freezeId: row.id,
      name: row.name,
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      reason: row.reason,
    },
  });
  return (await findFreeze(tx, row.id)) as FreezeDto;
}

/** `PATCH /change-freezes/{id}` (lead or admin). */
export async function updateFreeze(options: {
  tx: Tx;
  actor: Actor;
  freezeId: number;
  input: UpdateFreezeInput;
}): Promise<FreezeDto> {
  const { tx, actor, input } = options;
  assertChangeAdmin(actor);
  const [row] = await tx
    .select()
    .from(changeFreezes)
    .where(eq(changeFreezes.id, options.freezeId))
    .for('update');
  if (!row) throw new AppError('change.freeze_not_found');
  const startsAt = input.startsAt ? new Date(input.startsAt) : row.startsAt;
  const endsAt = input.endsAt ? new Date(input.endsAt) : row.endsAt;
  if (!validWindow(startsAt, endsAt))
    throw new AppError('change.bad_freeze_window', { field: input.endsAt ? 'endsAt' : 'startsAt' });
  const changes = diff(
    {
      name: row.name,
      reason: row.reason,
      startsAt: row.startsAt.toISOString(),
      endsAt: row.endsAt.toISOString(),
    },
    {
      name: input.name,
      reason: input.reason,
      startsAt: input.startsAt ? startsAt.toISOString() : undefined,
      endsAt: input.endsAt ? endsAt.toISOString() : undefined,
    },
  );
  await tx
    .update(changeFreezes)
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.reason !== undefined ? { reason: input.reason } : {}),
      startsAt,
      endsAt,
    })
    .where(eq(changeFreezes.id, row.id));
  if (Object.keys(changes).length > 0)
    await recordEvent(tx, {
      kind: 'change.freeze_updated',
      entityType: 'change_freeze',
      entityId: row.id,
      actorId: actor.id,
      data: { freezeId: row.id, changes },
    });
  return (await findFreeze(tx, row.id)) as FreezeDto;
}

/** `DELETE /change-freezes/{id}` (lead or admin). */
export async function deleteFreeze(options: { tx: Tx; actor: Actor; freezeId: number }): Promise<void> {
  const { tx, actor } = options;
  assertChangeAdmin(actor);
  const [row] = await tx.delete(changeFreezes).where(eq(changeFreezes.id, options.freezeId)).returning();
  if (!row) throw new AppError('change.freeze_not_found');
  await recordEvent(tx, {
    kind: 'change.freeze_deleted',
    entityType: 'change_freeze',
    entityId: row.id,
    actorId: actor.id,
    data: {
      freezeId: row.id,
      name: row.name,
      startsAt: row.startsAt.toISOString(),
      endsAt: row.endsAt.toISOString(),
    },
  });
}
