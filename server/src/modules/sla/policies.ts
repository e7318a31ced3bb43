import { asc, eq } from 'drizzle-orm';
import type { CreateSlaPolicyInput, SlaPolicyDto, UpdateSlaPolicyInput } from '../../../../contracts/sla.ts';
import { slaCalendars, slaPolicies } from '../../db/schema/sla.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { diff, recordEvent } from '../audit/index.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { presentPolicy } from './presenter.ts';
import { scheduleRecompute } from './recompute-job.ts';

async function calendarName(tx: Queryable, calendarId: number | null): Promise<string | null> {
  if (calendarId === null) return null;
  const [row] = await tx
    .select({ name: slaCalendars.name })
    .from(slaCalendars)
    .where(eq(slaCalendars.id, calendarId));
  if (!row) throw new AppError('sla.calendar_not_found', { field: 'calendarId' });
  return row.name;
}

/** Policies in the order they are tried (SL-1); staff may read them, administrators change them. */
export async function listPolicies(options: {
  tx: Queryable;
  actor: Actor;
}): Promise<{ items: SlaPolicyDto[] }> {
  assertCan(options.actor, 'ticket.work');
  const rows = await options.tx
    .select({ policy: slaPolicies, calendarName: slaCalendars.name })
    .from(slaPolicies)
    .leftJoin(slaCalendars, eq(slaCalendars.id, slaPolicies.calendarId))
    .orderBy(asc(slaPolicies.order), asc(slaPolicies.id));
  return { items: rows.map((row) => presentPolicy(row.policy, row.calendarName)) };
}

export async function getPolicy(options: {
  tx: Queryable;
  actor: Actor;
  policyId: number;
}): Promise<SlaPolicyDto> {
  assertCan(options.actor, 'ticket.work');
  const [row] = await options.tx.select().from(slaPolicies).where(eq(slaPolicies.id, options.policyId));
  if (!row) throw new AppError('sla.policy_not_found');
  return presentPolicy(row, await calendarName(options.tx, row.calendarId));
}

export async function createPolicy(options: {
  tx: Tx;
  actor: Actor;
  input: CreateSlaPolicyInput;
}): Promise<SlaPolicyDto> {
  const { tx, actor, input } = options;
  assertCan(actor, 'sla.manage');
  const calendar = await calendarName(tx, input.calendarId);
  const [row] = await tx
    .insert(slaPolicies)
    .values({
      name: input.name,
      order: input.order,
      active: input.active,
      match: input.match,
      calendarId: input.calendarId,
      targets: input.targets,
      pauseStatuses: input.pauseStatuses,
      clockPauseStatuses: input.clockPauseStatuses,
      warnAtPercent: input.warnAtPercent,
      breachActions: input.breachActions,
    })
    .returning();
  if (!row) throw new Error('insert returned no row');
  await recordEvent(tx, {
    kind: 'sla.policy_created',
    entityType: 'sla_policy',
    entityId: row.id,
    actorId: actor.id,
    data: { name: row.name, order: row.order, active: row.active },
  });
  if (row.active) await scheduleRecompute(tx, `policy ${row.id} created`);
  return presentPolicy(row, calendar);
}

/** Changes a policy; every open ticket's clocks are then recomputed under the new rules. */
export async function updatePolicy(options: {
  tx: Tx;
  actor: Actor;
  policyId: number;
  input: UpdateSlaPolicyInput;
  now?: Date;
}): Promise<SlaPolicyDto> {
  const { tx, actor, policyId, input } = options;
  assertCan(actor, 'sla.manage');
  const [before] = await tx.select().from(slaPolicies).where(eq(slaPolicies.id, policyId)).for('update');
  if (!before) throw new AppError('sla.policy_not_found');
  const calendarId = input.calendarId === undefined ? before.calendarId : input.calendarId;
  const calendar = await calendarName(tx, calendarId);
  const changes = diff(before as unknown as Record<string, unknown>, input as Record<string, unknown>);
  for (const key of Object.keys(changes)) {
    const value = changes[key];
    if (value && typeof value.to === 'object' && JSON.stringify(value.from) === JSON.stringify(value.to)) {
      delete changes[key];
    }
  }
  if (Object.keys(changes).length === 0) return presentPolicy(before, calendar);
  const [row] = await tx
    .update(slaPolicies)
    .set({ ...input, updatedAt: options.now ?? new Date() })
    .where(eq(slaPolicies.id, policyId))
    .returning();
  if (!row) throw new AppError('sla.policy_not_found');
  await recordEvent(tx, {
    kind: 'sla.policy_updated',
    entityType: 'sla_policy',
    entityId: row.id,
    actorId: actor.id,
    data: { changes },
  });
  if (row.active || before.active) await scheduleRecompute(tx, `policy ${row.id} changed`);
  return presentPolicy(row, calendar);
}

export async function deletePolicy(options: { tx: Tx; actor: Actor; policyId: number }): Promise<void> {
  const { tx, actor, policyId } = options;
  assertCan(actor, 'sla.manage');
  const deleted = await tx.delete(slaPolicies).where(eq(slaPolicies.id, policyId)).returning();
  const row = deleted[0];
  if (!row) throw new AppError('sla.policy_not_found');
  await recordEvent(tx, {
    kind: 'sla.policy_deleted',
    entityType: 'sla_policy',
    entityId: policyId,
    actorId: actor.id,
    data: { name: row.name },
  });
  if (row.active) await scheduleRecompute(tx, `policy ${policyId} deleted`);
}
