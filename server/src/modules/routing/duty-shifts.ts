import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { DutyShiftDto } from '../../../../contracts/routing.ts';
import { dutyShifts } from '../../db/schema/routing.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, assertCan } from '../identity/index.ts';

interface ShiftRow extends Record<string, unknown> {
  id: number;
  team_id: number;
  user_id: number;
  user_name: string;
  starts_at: Date | string;
  ends_at: Date | string;
  note: string | null;
}

const iso = (v: Date | string) => new Date(v).toISOString();
const present = (row: ShiftRow): DutyShiftDto => ({
  id: row.id,
  teamId: row.team_id,
  userId: row.user_id,
  userName: row.user_name,
  startsAt: iso(row.starts_at),
  endsAt: iso(row.ends_at),
  note: row.note,
});

/** The duty roster (GV-3 值班表): shifts overlapping the period, by start. */
export async function listDutyShifts(options: {
  tx: Queryable;
  actor: Actor;
  query: { teamId?: number | undefined; from?: string | undefined; to?: string | undefined };
}): Promise<{ items: DutyShiftDto[] }> {
  assertCan(options.actor, 'ticket.work');
  const { query } = options;
  const conditions: SQL[] = [sql`true`];
  if (query.teamId) conditions.push(sql`s.team_id = ${query.teamId}`);
  if (query.from) conditions.push(sql`s.ends_at > ${new Date(query.from).toISOString()}`);
  if (query.to) conditions.push(sql`s.starts_at < ${new Date(query.to).toISOString()}`);
  const rows = await options.tx.execute<ShiftRow>(sql`
    select s.id, s.team_id, s.user_id, u.name as user_name, s.starts_at, s.ends_at, s.note
      from duty_shifts s join identity_users_v u on u.id = s.user_id
     where ${sql.join(conditions, sql` and `)} order by s.starts_at, s.id limit 1000`);
  return { items: rows.rows.map(present) };
}

/** Puts an agent of the team on the roster for a period. */
export async function createDutyShift(options: {
  tx: Tx;
  actor: Actor;
  input: { teamId: number; userId: number; startsAt: string; endsAt: string; note?: string | undefined };
}): Promise<DutyShiftDto> {
  const { tx, actor, input } = options;
  assertCan(actor, 'roster.manage');
  const member = await tx.execute<{ ok: boolean }>(sql`
    select exists (select 1 from identity_team_members_v m join identity_users_v u on u.id = m.user_id
                    where m.team_id = ${input.teamId} and m.user_id = ${input.userId} and u.active) as ok`);
  if (!member.rows[0]?.ok)
    throw new AppError('validation.invalid', {
      field: 'userId',
      params: { detail: 'not an active member of the team' },
    });
  const [row] = await tx
    .insert(dutyShifts)
    .values({
      teamId: input.teamId,
      userId: input.userId,
      startsAt: new Date(input.startsAt),
      endsAt: new Date(input.endsAt),
      note: input.note ?? null,
      createdBy: actor.id,
    })
    .returning({ id: dutyShifts.id });
  if (!row) throw new Error('insert returned no row');
  await recordEvent(tx, {
    kind: 'routing.shift_created',
    entityType: 'team',
    entityId: input.teamId,
    actorId: actor.id,
    data: { shiftId: row.id, userId: input.userId, startsAt: input.startsAt, endsAt: input.endsAt },
  });
  const shifts = await listDutyShifts({ tx, actor, query: { teamId: input.teamId } });
  const created = shifts.items.find((s) => s.id === row.id);
  if (!created) throw new AppError('routing.shift_not_found');
  return created;
}

export async function deleteDutyShift(options: { tx: Tx; actor: Actor; shiftId: number }): Promise<void> {
  assertCan(options.actor, 'roster.manage');
  const deleted = await options.tx
    .delete(dutyShifts)
    .where(and(eq(dutyShifts.id, options.shiftId)))
    .returning();
  const row = deleted[0];
  if (!row) throw new AppError('routing.shift_not_found');
  await recordEvent(options.tx, {
    kind: 'routing.shift_deleted',
    entityType: 'team',
    entityId: row.teamId,
    actorId: options.actor.id,
    data: { shiftId: row.id, userId: row.userId },
  });
}
