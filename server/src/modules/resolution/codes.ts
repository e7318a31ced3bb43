import { and, asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  CreateResolutionCodeInput,
  ResolutionCodeDto,
  UpdateResolutionCodeInput,
} from '../../../../contracts/resolution.ts';
import { resolutionCodes } from '../../db/schema.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { diff, recordEvent } from '../audit/index.ts';
import { type Actor, assertCan } from '../identity/index.ts';

type CodeRow = typeof resolutionCodes.$inferSelect;

function present(row: CodeRow): ResolutionCodeDto {
  return {
    code: row.code,
    labelEn: row.labelEn,
    labelZh: row.labelZh,
    active: row.active,
    sortOrder: row.sortOrder,
  };
}

/** The resolution codes, in their display order; retired ones only when asked for. */
export async function listResolutionCodes(
  tx: Queryable,
  options: { includeRetired?: boolean } = {},
): Promise<ResolutionCodeDto[]> {
  const rows = await tx
    .select()
    .from(resolutionCodes)
    .where(options.includeRetired ? undefined : eq(resolutionCodes.active, true))
    .orderBy(asc(resolutionCodes.sortOrder), asc(resolutionCodes.code));
  return rows.map(present);
}

/** An active code, or a 400 on the field. */
export async function activeResolutionCode(tx: Queryable, code: string): Promise<ResolutionCodeDto> {
  const [row] = await tx
    .select()
    .from(resolutionCodes)
    .where(and(eq(resolutionCodes.code, code), eq(resolutionCodes.active, true)));
  if (!row) throw new AppError('resolution.code_invalid', { field: 'resolutionCode' });
  return present(row);
}

export async function createResolutionCode(options: {
  tx: Tx;
  actor: Actor;
  input: z.infer<typeof CreateResolutionCodeInput>;
}): Promise<ResolutionCodeDto> {
  const { tx, actor, input } = options;
  assertCan(actor, 'settings.manage');
  const [row] = await tx.insert(resolutionCodes).values(input).onConflictDoNothing().returning();
  if (!row) throw new AppError('resolution.code_exists', { field: 'code' });
  await recordEvent(tx, {
    kind: 'resolution_code.created',
    entityType: 'resolution_code',
    entityId: null,
    actorId: actor.id,
    data: { code: row.code, labelEn: row.labelEn, labelZh: row.labelZh },
  });
  return present(row);
}

export async function updateResolutionCode(options: {
  tx: Tx;
  actor: Actor;
  code: string;
  input: z.infer<typeof UpdateResolutionCodeInput>;
}): Promise<ResolutionCodeDto> {
  const { tx, actor, code, input } = options;
  assertCan(actor, 'settings.manage');
  const [before] = await tx
    .select()
    .from(resolutionCodes)
    .where(eq(resolutionCodes.code, code))
    .for('update');
  if (!before) throw new AppError('resolution.code_not_found');
  // An empty PATCH changes nothing: the code as it is.
  const [row] =
    Object.keys(input).length > 0
      ? await tx.update(resolutionCodes).set(input).where(eq(resolutionCodes.code, code)).returning()
      : [before];
  if (!row) throw new AppError('resolution.code_not_found');
  await recordEvent(tx, {
    kind: 'resolution_code.updated',
    entityType: 'resolution_code',
    entityId: null,
    actorId: actor.id,
    data: { code, changes: diff(before, input) },
  });
  return present(row);
}
