import { eq, sql } from 'drizzle-orm';
import type { IngestResult } from '../../../../contracts/alerts.ts';
import type { TicketStatus } from '../../../../contracts/tickets.ts';
import { alertEvents, alertSources, alerts } from '../../db/schema/alerts.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { cancelJob } from '../../platform/jobs/jobs.ts';
import { recordEvent } from '../audit/index.ts';
import type { Actor } from '../identity/index.ts';
import { resolveVerifiedByMonitoring } from '../resolution/index.ts';
import { createTickets, isFinal, updateTicket } from '../tickets/index.ts';
import { incidentInput } from './incident-fields.ts';
import { monitoringActor } from './monitoring-actor.ts';
import { type IncomingAlert, PayloadError, readPayload } from './payloads.ts';
import { resolveJobKey, scheduleResolve } from './resolve-job.ts';
import { sourceSettings, tokenMatches } from './sources.ts';
import { checkStorm } from './storm.ts';

type AlertRow = typeof alerts.$inferSelect & { ticketStatus: TicketStatus };
type EventKind = (typeof alertEvents.$inferInsert)['kind'];

/** A text[] parameter, however many values (array literal, each element quoted). */
const textArray = (values: readonly string[]) =>
  sql`${`{${values.map((v) => `"${v.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`}::text[]`;

/** The same key alerts in one payload fold into one: firing wins, each counts as an occurrence. */
function fold(incoming: IncomingAlert[]): { alert: IncomingAlert; count: number }[] {
  const byKey = new Map<string, { alert: IncomingAlert; count: number }>();
  for (const alert of incoming) {
    const seen = byKey.get(alert.dedupeKey);
    if (!seen) byKey.set(alert.dedupeKey, { alert, count: 1 });
    else {
      seen.count += 1;
      if (alert.status === 'firing' || seen.alert.status !== 'firing') seen.alert = alert;
    }
  }
  return [...byKey.values()];
}

/**
 * The source named in the URL, if the bearer token is its own and it is active; else 401
 * (the same answer for an unknown source, a wrong token and a deactivated source).
 */
async function authenticate(tx: Tx, sourceId: number, token: string | undefined) {
  const [source] = await tx.select().from(alertSources).where(eq(alertSources.id, sourceId));
  if (!source?.active || !token || !tokenMatches(token, source.tokenHash)) {
    throw new AppError('alert_source.unauthorized');
  }
  return source;
}

/**
 * Takes one payload of a monitoring system (IN-5) in one transaction: one incident per alert
 * (its dedupe key), a repeat counts as an occurrence, `resolved` resolves the incident as
 * verified by monitoring (at once, or after the source's hold-down), firing again soon after
 * reopens it (a flap), and a burst of new incidents proposes a major incident.
 */
export async function ingestAlerts(options: {
  tx: Tx;
  sourceId: number;
  token: string | undefined;
  body: unknown;
  now: Date;
  publicUrl: string;
}): Promise<IngestResult> {
  const { tx, now } = options;
  const source = await authenticate(tx, options.sourceId, options.token);
  const settings = sourceSettings(source.settings);
  let incoming: IncomingAlert[];
  try {
    incoming = readPayload(source.kind, options.body, settings);
  } catch (error) {
    if (!(error instanceof PayloadError)) throw error;
    throw new AppError('validation.invalid', { field: error.field, params: { detail: error.message } });
  }
  const result: IngestResult = {
    received: incoming.length,
    opened: 0,
    repeated: 0,
    resolved: 0,
    reopened: 0,
    ticketIds: [],
  };
  const folded = fold(incoming);
  if (folded.length === 0) return result;
  const keys = folded.map((f) => f.alert.dedupeKey);

  // Concurrent payloads with the same alerts queue here, key by key in one order (no deadlock).
  await tx.execute(sql`
    select pg_advisory_xact_lock(h) from (
      select hashtextextended(${`alerts:${source.id}:`} || k, 0) as h from unnest(${textArray(keys)}) k order by 1
    ) locks`);
  const existing = await tx.execute<Record<string, unknown>>(sql`
    select a.id, a.status, a.ticket_id, a.resolved_at, a.resolve_due_at, a.dedupe_key, a.title, t.status as ticket_status
      from alerts a join tickets t on t.id = a.ticket_id
     where a.source_id = ${source.id} and a.current and a.dedupe_key = any(${textArray(keys)})`);
  const current = new Map(
    existing.rows.map((r) => [
      r.dedupe_key as string,
      {
        id: Number(r.id),
        status: r.status as AlertRow['status'],
        ticketId: Number(r.ticket_id),
        resolvedAt: r.resolved_at ? new Date(r.resolved_at as string) : null,
        resolveDueAt: r.resolve_due_at ? new Date(r.resolve_due_at as string) : null,
        title: r.title as string,
        ticketStatus: r.ticket_status as TicketStatus,
      },
    ]),
  );

  // The monitoring account acts only when something moves (a burst of repeats never needs it).
  let monitoring: Actor | null = null;
  const actorFor = async () => {
    monitoring ??= await monitoringActor(tx);
    return monitoring;
  };
  const toOpen: { alert: IncomingAlert; count: number; retire: number | null }[] = [];
  const touched: { id: number; alert: IncomingAlert; count: number; fields: Record<string, unknown> }[] = [];
  const events: { alertId: number; kind: EventKind }[] = [];
  const ticketOf = new Map<string, number>();
  for (const { alert, count } of folded) {
    const row = current.get(alert.dedupeKey);
    if (!row) {
      // A recovery for an alert the desk never saw opens nothing.
      if (alert.status === 'firing') toOpen.push({ alert, count, retire: null });
      continue;
    }
    ticketOf.set(alert.dedupeKey, row.ticketId);
    if (alert.status === 'firing') {
      if (row.status === 'firing') {
        result.repeated += 1;
        touched.push({ id: row.id, alert, count, fields: {} });
        continue;
      }
      if (row.resolveDueAt) {
        // Fired again during the hold-down: the incident was never resolved; a flap.
        await cancelJob(tx, resolveJobKey(row.id));
        result.reopened += 1;
        touched.push({ id: row.id, alert, count, fields: { status: 'firing', flap: true } });
        events.push({ alertId: row.id, kind: 'flapped' });
        continue;
      }
      const withinWindow =
        row.resolvedAt !== null &&
        now.getTime() - row.resolvedAt.getTime() <= settings.flapWindowSeconds * 1000;
      if (row.ticketStatus === 'resolved' && withinWindow) {
        const actor = await actorFor();
        await updateTicket({ tx, actor, ticketId: row.ticketId, input: { status: 'open' }, now });
        await recordEvent(tx, {
          kind: 'alert.flapped',
          entityType: 'ticket',
          entityId: row.ticketId,
          ticketId: row.ticketId,
          actorId: actor.id,
          at: now,
          data: { alertId: row.id, title: row.title, internal: true },
        });
        result.reopened += 1;
        touched.push({ id: row.id, alert, count, fields: { status: 'firing', flap: true } });
        events.push({ alertId: row.id, kind: 'flapped' });
        continue;
      }
      if (!isFinal(row.ticketStatus) && row.ticketStatus !== 'resolved') {
        // Someone reopened the incident by hand; the alert is back on it.
        result.repeated += 1;
        touched.push({ id: row.id, alert, count, fields: { status: 'firing' } });
        events.push({ alertId: row.id, kind: 'refired' });
        continue;
      }
      // The incident is over (closed, or resolved longer ago than the flap window): a new one.
      toOpen.push({ alert, count, retire: row.id });
      continue;
    }
    // resolved
    if (row.status === 'resolved') {
      touched.push({ id: row.id, alert, count: 0, fields: {} });
      continue;
    }
    result.resolved += 1;
    events.push({ alertId: row.id, kind: 'resolved' });
    if (settings.resolveAfterSeconds === 0) {
      const moved = await resolveVerifiedByMonitoring({
        tx,
        actor: await actorFor(),
        ticketId: row.ticketId,
        what: row.title,
        now,
      });
      if (moved) events.push({ alertId: row.id, kind: 'ticket_resolved' });
      touched.push({
        id: row.id,
        alert,
        count: 0,
        fields: { status: 'resolved', resolvedAt: now, resolveDueAt: null },
      });
    } else {
      const due = new Date(now.getTime() + settings.resolveAfterSeconds * 1000);
      await scheduleResolve(tx, row.id, due);
      touched.push({
        id: row.id,
        alert,
        count: 0,
        fields: { status: 'resolved', resolvedAt: now, resolveDueAt: due },
      });
    }
  }

  await updateTouched(tx, touched, now);
  if (toOpen.length > 0) {
    const retired = toOpen.flatMap((o) => (o.retire === null ? [] : [o.retire]));
    if (retired.length > 0) {
      await tx.execute(
        sql`update alerts set current = false where id = any(${`{${retired.join(',')}}`}::bigint[])`,
      );
    }
    const opened = await openIncidents(tx, await actorFor(), source, settings, toOpen, now);
    for (const [key, ticketId] of opened.tickets) ticketOf.set(key, ticketId);
    events.push(...opened.alertIds.map((alertId) => ({ alertId, kind: 'fired' as const })));
    result.opened = opened.alertIds.length;
    await checkStorm(tx, {
      source,
      settings,
      opened: opened.alertIds.length,
      firstTicketId: opened.firstTicketId,
      now,
      publicUrl: options.publicUrl,
    });
  }
  if (events.length > 0) {
    await tx.insert(alertEvents).values(events.map((e) => ({ alertId: e.alertId, kind: e.kind, at: now })));
  }
  await touchSource(tx, source.id, now);
  result.ticketIds = [...new Set(folded.flatMap((f) => ticketOf.get(f.alert.dedupeKey) ?? []))];
  return result;
}

/** When this process last wrote each source's `last_received_at`. */
const sourceTouched = new Map<number, number>();

/**
 * Records when a source last sent, at most every ten seconds per process and only when the
 * stored time is older, so that concurrent payloads of one source do not queue on its row.
 */
async function touchSource(tx: Tx, sourceId: number, now: Date): Promise<void> {
  if (now.getTime() - (sourceTouched.get(sourceId) ?? 0) < 10_000) return;
  sourceTouched.set(sourceId, now.getTime());
  await tx.execute(sql`
    update alert_sources set last_received_at = ${now.toISOString()}
     where id = ${sourceId} and (last_received_at is null or last_received_at < ${new Date(now.getTime() - 10_000).toISOString()})`);
}

/** Occurrence counts, last seen, the latest raw alert and state changes of existing alerts: one statement. */
async function updateTouched(
  tx: Tx,
  touched: { id: number; alert: IncomingAlert; count: number; fields: Record<string, unknown> }[],
  now: Date,
): Promise<void> {
  if (touched.length === 0) return;
  const rows = touched.map((t) => ({
    id: t.id,
    n: t.count,
    flap: t.fields.flap === true ? 1 : 0,
    status: (t.fields.status as string | undefined) ?? null,
    set_resolved: 'resolvedAt' in t.fields,
    resolved_at: t.fields.resolvedAt instanceof Date ? t.fields.resolvedAt.toISOString() : null,
    set_due: 'resolveDueAt' in t.fields || t.fields.status === 'firing',
    due: t.fields.resolveDueAt instanceof Date ? t.fields.resolveDueAt.toISOString() : null,
    raw: t.alert.raw,
    ends_at: t.alert.endsAt?.toISOString() ?? null,
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

/**
 * Opens the incidents of new alerts through the tickets module (one insert, the routing and
 * SLA hooks once for all), then the source's default team where no rule took one, and the
 * severity's priority where the desk's matrix gives another.
 */
async function openIncidents(
  tx: Tx,
  actor: Actor,
  source: typeof alertSources.$inferSelect,
  settings: ReturnType<typeof sourceSettings>,
  toOpen: { alert: IncomingAlert; count: number }[],
  now: Date,
): Promise<{ alertIds: number[]; tickets: Map<string, number>; firstTicketId: number | null }> {
  const planned = toOpen.map((o) => ({ ...o, ...incidentInput(o.alert, source, settings) }));
  const opened = await createTickets(
    tx,
    planned.map((p) => ({ actor, input: p.input })),
  );
  const inserted = await tx
    .insert(alerts)
    .values(
      planned.map((p, i) => ({
        sourceId: source.id,
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
    .returning({ id: alerts.id, dedupeKey: alerts.dedupeKey, ticketId: alerts.ticketId });
  for (const [i, ticket] of opened.entries()) {
    const wanted = planned[i]?.priority ?? null;
    const team =
      ticket.team === null && settings.defaultTeamId !== null ? { teamId: settings.defaultTeamId } : {};
    const priority =
      wanted !== null && wanted !== ticket.priority
        ? {
            priority: wanted,
            priorityReason: `告警严重级别 Alert severity: ${planned[i]?.alert.severity ?? '-'}`,
          }
        : {};
    if ('teamId' in team || 'priority' in priority) {
      await updateTicket({ tx, actor, ticketId: ticket.id, input: { ...team, ...priority }, now });
    }
  }
  return {
    alertIds: inserted.map((r) => r.id),
    tickets: new Map(inserted.map((r) => [r.dedupeKey, r.ticketId])),
    firstTicketId: opened[0]?.id ?? null,
  };
}
