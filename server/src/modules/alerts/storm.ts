import { sql } from 'drizzle-orm';
import type { AlertSourceSettings } from '../../../../contracts/alerts.ts';
import type { alertSources } from '../../db/schema/alerts.ts';
import { alertStorms } from '../../db/schema/alerts.ts';
import type { Tx } from '../../platform/db/database.ts';
import { idArray } from '../../platform/db/id-array.ts';
import { recordEvent } from '../audit/index.ts';
import { notify } from '../notifications/index.ts';
import { agentAvailability } from '../routing/index.ts';

export const STORM_EVENT = 'alerts.storm';

/**
 * The leads to propose a major incident to: those on duty now (of the source's team when it
 * has one); when nobody is on duty, every active lead, so that a storm at night still reaches
 * someone.
 */
async function leadsOnDuty(tx: Tx, teamId: number | null, now: Date): Promise<number[]> {
  const staff = await agentAvailability(tx, { teamId: teamId ?? undefined, now: now.getTime() });
  const onDuty = staff.filter((s) => s.role === 'lead' && s.onDuty).map((s) => s.userId);
  if (onDuty.length > 0) return onDuty;
  const all = await tx.execute<{ id: number }>(
    sql`select id from identity_users_v where role = 'lead' and active order by id`,
  );
  return all.rows.map((r) => Number(r.id));
}

/**
 * A storm: `count` incidents or more from one source within `minutes`. The first payload that
 * crosses the threshold records the storm and proposes a major incident to the on-duty leads
 * (a notification with links); later incidents of the same storm only add to its count.
 */
export async function checkStorm(
  tx: Tx,
  options: {
    source: typeof alertSources.$inferSelect;
    settings: AlertSourceSettings;
    opened: number;
    firstTicketId: number | null;
    now: Date;
    publicUrl: string;
  },
): Promise<void> {
  const { source, settings, now } = options;
  const threshold = settings.stormThreshold;
  if (!threshold || options.opened === 0) return;
  const since = new Date(now.getTime() - threshold.minutes * 60_000).toISOString();
  const counted = await tx.execute<{ n: number }>(
    sql`select count(*)::int as n from alerts where source_id = ${source.id} and first_seen_at > ${since}`,
  );
  const incidents = Number(counted.rows[0]?.n ?? 0);
  if (incidents < threshold.count) return;
  // One taker per source, so two payloads crossing the threshold together record one storm.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`alerts.storm:${source.id}`}, 0))`);
  const ongoing = await tx.execute<{ id: number }>(sql`
    select id from alert_storms where source_id = ${source.id} and last_incident_at > ${since}
     order by id desc limit 1 for update`);
  const storm = ongoing.rows[0];
  if (storm) {
    await tx.execute(sql`
      update alert_storms set incidents = incidents + ${options.opened}, last_incident_at = ${now.toISOString()}
       where id = ${storm.id}`);
    return;
  }
  const leads = await leadsOnDuty(tx, settings.defaultTeamId, now);
  const [row] = await tx
    .insert(alertStorms)
    .values({
      sourceId: source.id,
      startedAt: now,
      lastIncidentAt: now,
      incidents,
      firstTicketId: options.firstTicketId,
      notifiedUserIds: leads,
    })
    .returning({ id: alertStorms.id });
  if (!row) throw new Error('insert returned no row');
  await recordEvent(tx, {
    kind: 'alert.storm_detected',
    entityType: 'alert_source',
    entityId: source.id,
    actorId: null,
    at: now,
    data: { stormId: row.id, incidents, minutes: threshold.minutes, notifiedUserIds: leads },
  });
  const base = options.publicUrl.replace(/\/+$/, '');
  const declareUrl = `${base}/agent/major-incidents`;
  const queueUrl = `${base}/agent?channel=monitoring`;
  const people = await tx.execute<{ id: number; email: string; name: string; locale: 'zh-CN' | 'en' }>(sql`
    select id, email, name, locale from identity_users_v where id = any(${idArray(leads)}) and active`);
  for (const person of people.rows) {
    const zh = person.locale === 'zh-CN';
    const title = zh
      ? `告警风暴：${source.name} 在 ${threshold.minutes} 分钟内产生 ${incidents} 个事件，建议宣布重大事件`
      : `Alert storm: ${source.name} opened ${incidents} incidents within ${threshold.minutes} minutes; consider declaring a major incident`;
    const body = zh
      ? `监控来源“${source.name}”在 ${threshold.minutes} 分钟内产生了 ${incidents} 个故障工单。请评估是否宣布重大事件并关联这些工单：${declareUrl}\n监控工单队列：${queueUrl}`
      : `The monitoring source "${source.name}" opened ${incidents} incidents within ${threshold.minutes} minutes. Consider declaring a major incident and linking them: ${declareUrl}\nMonitoring queue: ${queueUrl}`;
    await notify(
      tx,
      { ...person, id: Number(person.id) },
      {
        event: STORM_EVENT,
        title,
        body,
        ...(options.firstTicketId ? { ticketId: options.firstTicketId } : {}),
        data: { stormId: row.id, sourceId: source.id, incidents, url: declareUrl },
        email: { subject: title, text: body },
      },
    );
  }
}
