import { sql } from 'drizzle-orm';
import type { AgentAvailabilityDto } from '../../../../contracts/routing.ts';
import { agentProfiles } from '../../db/schema/routing.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, assertCan, findPerson, STAFF_ROLES } from '../identity/index.ts';
import { type BusinessTime, businessTimeFor, loadCalendar } from '../sla/index.ts';
import { dutyStatus } from './domain/dispatch.ts';

interface AgentRow extends Record<string, unknown> {
  id: number;
  name: string;
  role: string;
  team_ids: number[] | null;
  skills: string[] | null;
  calendar_id: number | null;
  c_id: number | null;
  c_name: string | null;
  c_timezone: string | null;
  c_hours: { weekday: number; from: string; to: string }[] | null;
  c_holidays: string[] | null;
  c_extra_workdays: string[] | null;
  c_updated_at: Date | string | null;
  open_tickets: number;
  on_shift: boolean;
}

/** How many agents work by the calendar (SLA keeps a calendar in use: registry.ts). */
export async function agentsOnCalendar(tx: Queryable, calendarId: number): Promise<number> {
  const result = await tx.execute<{ count: number }>(
    sql`select count(*)::int as count from agent_profiles where calendar_id = ${calendarId}`,
  );
  return Number(result.rows[0]?.count ?? 0);
}

/**
 * The staff of a team (or all staff), with whether they are on duty now and their open
 * tickets: the candidates of automatic assignment, and the availability board.
 */
export async function agentAvailability(
  tx: Queryable,
  options: { teamId?: number | undefined; now: number },
): Promise<AgentAvailabilityDto[]> {
  const now = new Date(options.now).toISOString();
  const teamFilter =
    options.teamId === undefined
      ? sql`true`
      : sql`exists (select 1 from identity_team_members_v m where m.user_id = u.id and m.team_id = ${options.teamId})`;
  const rows = await tx.execute<AgentRow>(sql`
    select u.id, u.name, u.role,
           (select array_agg(m.team_id order by m.team_id) from identity_team_members_v m where m.user_id = u.id) as team_ids,
           p.skills, p.calendar_id,
           c.id as c_id, c.name as c_name, c.timezone as c_timezone, c.hours as c_hours,
           c.holidays as c_holidays, c.extra_workdays as c_extra_workdays, c.updated_at as c_updated_at,
           (select count(*)::int from tickets_v t where t.assignee_id = u.id
              and t.status in ('new', 'open', 'in_progress', 'pending_requester', 'pending_vendor', 'pending_approval')) as open_tickets,
           exists (select 1 from duty_shifts s where s.user_id = u.id and s.starts_at <= ${now} and s.ends_at > ${now}
              ${options.teamId === undefined ? sql`` : sql`and s.team_id = ${options.teamId}`}) as on_shift
      from identity_users_v u
      left join agent_profiles p on p.user_id = u.id
      left join sla_calendars_v c on c.id = p.calendar_id
     where u.active and u.role in ('agent', 'lead', 'quality', 'admin') and ${teamFilter}
     order by u.id`);
  return rows.rows.map((row) => {
    const calendar: BusinessTime | null =
      row.c_id === null
        ? null
        : businessTimeFor({
            id: row.c_id,
            name: row.c_name ?? '',
            timezone: row.c_timezone ?? 'UTC',
            hours: row.c_hours ?? [],
            holidays: row.c_holidays ?? [],
            extra_workdays: row.c_extra_workdays ?? [],
            updated_at: row.c_updated_at ?? '',
          });
    const reason = dutyStatus({
      userId: row.id,
      now: options.now,
      shifts: row.on_shift ? [{ userId: row.id, startsAt: options.now, endsAt: options.now + 1 }] : [],
      isWorkingTime: calendar ? (instant) => calendar.isOpen(instant) : null,
    });
    return {
      userId: row.id,
      name: row.name,
      role: row.role,
      teamIds: (row.team_ids ?? []).map(Number),
      skills: row.skills ?? [],
      calendarId: row.calendar_id,
      onDuty: reason !== 'off',
      dutyReason: reason,
      openTickets: row.open_tickets,
    };
  });
}

export async function listAvailability(options: {
  tx: Queryable;
  actor: Actor;
  teamId?: number | undefined;
  now?: Date;
}): Promise<{ items: AgentAvailabilityDto[] }> {
  assertCan(options.actor, 'ticket.work');
  const now = (options.now ?? new Date()).getTime();
  return { items: await agentAvailability(options.tx, { teamId: options.teamId, now }) };
}

/** An agent's skills and working-hours calendar. */
export async function setAgentProfile(options: {
  tx: Tx;
  actor: Actor;
  userId: number;
  input: { skills?: string[] | undefined; calendarId?: number | null | undefined };
  now?: Date;
}): Promise<AgentAvailabilityDto> {
  const { tx, actor, userId, input } = options;
  assertCan(actor, 'routing.manage');
  const user = await findPerson(tx, userId);
  if (!user || !(STAFF_ROLES as readonly string[]).includes(user.role)) throw new AppError('user.not_found');
  if (
    input.calendarId !== undefined &&
    input.calendarId !== null &&
    !(await loadCalendar(tx, input.calendarId))
  ) {
    throw new AppError('sla.calendar_not_found', { field: 'calendarId' });
  }
  const set = {
    ...(input.skills !== undefined ? { skills: [...new Set(input.skills)] } : {}),
    ...(input.calendarId !== undefined ? { calendarId: input.calendarId } : {}),
  };
  await tx
    .insert(agentProfiles)
    .values({ userId, ...set })
    .onConflictDoUpdate({ target: agentProfiles.userId, set: Object.keys(set).length ? set : { userId } });
  await recordEvent(tx, {
    kind: 'routing.agent_profile_set',
    entityType: 'user',
    entityId: userId,
    actorId: actor.id,
    data: set,
  });
  const now = (options.now ?? new Date()).getTime();
  const found = (await agentAvailability(tx, { now })).find((a) => a.userId === userId);
  if (!found) throw new AppError('user.not_found');
  return found;
}
