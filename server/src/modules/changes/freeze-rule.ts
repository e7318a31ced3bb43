import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { overlappingFreezes } from './assess.ts';

/** 409 `change.freeze_conflict` naming the first freeze window that the planned window overlaps. */
export async function assertOutsideFreezes(tx: Tx, start: Date, end: Date): Promise<void> {
  const [freeze] = await overlappingFreezes(tx, start, end);
  if (freeze)
    throw new AppError('change.freeze_conflict', {
      field: 'plannedStart',
      params: { name: freeze.name, startsAt: freeze.startsAt, endsAt: freeze.endsAt },
    });
}
