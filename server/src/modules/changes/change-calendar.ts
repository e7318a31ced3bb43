import { sql } from 'drizzle-orm';
import {
  CALENDAR_MAX_CHANGES,
  CALENDAR_MAX_DAYS,
  type CalendarQuery,
  type ChangeCalendar,
} from '../../../../contracts/changes.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { Actor } from '../identity/index.ts';
import { assertChangeWork } from './access.ts';
import { validWindow } from './domain.ts';
import { listFreezesBetween } from './list-freezes.ts';
import { SUMMARY_COLUMNS, type SummaryRow, toSummary } from './store.ts';

/**
 * `GET /changes/calendar?from&to` (变更日历): the changes whose planned window overlaps
 * [from, to) (rejected ones left out), earliest first, and the freeze windows in it. A window
 * that ends before it starts or spans more than CALENDAR_MAX_DAYS is a 400.
 */
export async function changeCalendar(options: {
  tx: Tx;
  actor: Actor;
  query: CalendarQuery;
}): Promise<ChangeCalendar> {
  const { tx, actor, query } = options;
  assertChangeWork(actor);
  const from = new Date(query.from);
  const to = new Date(query.to);
  if (!validWindow(from, to) || to.getTime() - from.getTime() > CALENDAR_MAX_DAYS * 86_400_000)
    throw new AppError('change.bad_calendar_window', { field: 'to', params: { days: CALENDAR_MAX_DAYS } });
  const result = await tx.execute<SummaryRow>(sql`
    select ${SUMMARY_COLUMNS}
      from changes c left join identity_users_v u on u.id = c.owner_id
     where tstzrange(c.planned_start, c.planned_end, '[)')
           && tstzrange(${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz, '[)')
       and c.status <> 'rejected'
     order by c.planned_start, c.id
     limit ${CALENDAR_MAX_CHANGES + 1}`);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    changes: result.rows.slice(0, CALENDAR_MAX_CHANGES).map(toSummary),
    freezes: await listFreezesBetween(tx, from, to),
    truncated: result.rows.length > CALENDAR_MAX_CHANGES,
  };
}
