import { sql } from 'drizzle-orm';
import type { AlertSourceSettings } from '../../../../contracts/alerts.ts';
import { type alertSources, alerts } from '../../db/schema/alerts.ts';
import type { Tx } from '../../platform/db/database.ts';
import { assetForAlert } from '../assets/index.ts';
import type { Actor } from '../identity/index.ts';
import { createTickets, updateTicket } from '../tickets/index.ts';
import { incidentInput } from './incident-fields.ts';
import type { IncomingAlert } from './payloads.ts';

export type SourceRow = typeof alertSources.$inferSelect;

/** When this process last wrote each source's `last_received_at`. */
const sourceTouched = new Map<number, number>();

/**
 * Records when a source last sent, at most every ten seconds per process and only when the
 * stored time is older, so that concurrent payloads of one source do not queue on its row.
 */
export async function touchSource(tx: Tx, sourceId: number, now: Date): Promise<void> {
  if (now.getTime() - (sourceTouched.get(sourceId) ?? 0) < 10_000) return;
  sourceTouched.set(sourceId, now.getTime());
  await tx.execute(sql`
    update alert_sources set last_received_at = ${now.toISOString()}
     where id = ${sourceId} and (last_received_at is null or last_received_at < ${new Date(now.getTime() - 10_000).toISOString()})`);
}

/** What happens to one existing alert row in a batch, merged in order (the last state wins). */
export interface Touch {
  n: number;
  flaps: number;
  status: 'firing' | 'resolved' | null;
  resolvedAt?: Date | null;
  resolveDueAt?: Date | null;
  raw: unknown;
  endsAt: Date | null;
}

/** Occurrence counts, last seen, the latest raw alert and state changes of existing alerts: one statement. */
export async function updateTouched(tx: Tx, touched: Map<number, Touch>, now: Date): Promise<void> {
  if (touched.size === 0) return;
  const rows = [...touched].map(([id, t]) => ({
    id,
    n: t.n,
    flap: t.flaps,
    status: t.status,
    set_resolved: t.resolvedAt !== undefined,
    resolved_at: t.resolvedAt?.toISOString() ?? null,
    set_due: t.resolveDueAt !== undefined,
    due: t.resolveDueAt?.toISOString() ?? null,
    raw: t.raw,
    ends_at: t.endsAt?.toISOString() ?? null,
  }));
  await tx.execute(sql`
    update alerts a set
      occurrences = a.occurrences + u.n,
      flaps = a.flaps + u.flap,
      last_seen_at = ${now.toISOString()},
      status = coalesce(u.status, a.status),
      resolved_at = case when u.set_resolved then u.resolved_at else a.resolved_at end,
      resolve_due_at = case when u.set_due then u.due else a.resolve_due_at end,
      ends_at = case when u.status = 'resolved' then u.ends_at when u.status = 'firing' then null else a.ends_at end,
      raw = u.raw
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as u(id bigint, n int, flap int, status text, set_resolved boolean, resolved_at timestamptz,
           set_due boolean, due timestamptz, raw jsonb, ends_at timestamptz)
    where a.id = u.id`);
}

export interface NewIncident {
  source: SourceRow;
  settings: AlertSourceSettings;
  alert: IncomingAlert;
  count: number;
}

/**
 * Opens the incidents of new alerts through the tickets module (one insert, the routing and
 * SLA hooks once for all), then the source's default team where no rule took one, and the
 * severity's priority where the desk's matrix gives another. Returns each one's alert and
 * ticket ids, in order.
 */
export async function openIncidents(
  tx: Tx,
  actor: Actor,
  items: readonly NewIncident[],
  now: Date,
): Promise<{ alertId: number; ticketId: number }[]> {
  const planned = items.map((o) => ({ ...o, ...incidentInput(o.alert, o.source, o.settings) }));
  // The asset the alert names by one of the source's asset labels (issue 14) is linked to its incident.
  for (const p of planned) {
    const assetId = await assetForAlert(
      tx,
      p.settings.assetLabels.map((label) => p.alert.labels[label]),
    );
    if (assetId !== null) p.input = { ...p.input, assetIds: [assetId] };
  }
  const opened = await createTickets(
    tx,
    planned.map((p) => ({ actor, input: p.input })),
  );
  if (opened.length !== planned.length) throw new Error('an incident was not opened');
  const inserted = await tx
    .insert(alerts)
    .values(
      planned.map((p, i) => ({
        sourceId: p.source.id,
        dedupeKey: p.alert.dedupeKey,
        ticketId: opened[i]?.id ?? 0,
        status: 'firing' as const,
        title: p.alert.title.slice(0, 500),
        severity: p.alert.severity?.slice(0, 200) ?? null,
        fingerprint: p.alert.fingerprint,
        groupKey: p.alert.groupKey?.slice(0, 4000) ?? null,
        labels: p.alert.labels,
        annotations: p.alert.annotations,
        links: p.alert.links,
        raw: p.alert.raw,
        startsAt: p.alert.startsAt,
        firstSeenAt: now,
        lastSeenAt: now,
        occurrences: p.count,
      })),
    )
    .returning({ id: alerts.id, ticketId: alerts.ticketId });
  // Ids are drawn in the order of the values; RETURNING promises no order.
  inserted.sort((a, b) => a.id - b.id);
  for (const [i, ticket] of opened.entries()) {
    const plan = planned[i];
    if (!plan) continue;
    const team =
      ticket.team === null && plan.settings.defaultTeamId !== null
        ? { teamId: plan.settings.defaultTeamId }
        : {};
    const priority =
      plan.priority !== null && plan.priority !== ticket.priority
        ? {
            priority: plan.priority,
            priorityReason: `告警严重级别 Alert severity: ${plan.alert.severity ?? '-'}`,
          }
        : {};
    if ('teamId' in team || 'priority' in priority) {
      await updateTicket({ tx, actor, ticketId: ticket.id, input: { ...team, ...priority }, now });
    }
  }
  return inserted.map((row) => ({ alertId: row.id, ticketId: row.ticketId }));
}
