import { inArray, sql } from 'drizzle-orm';
import type { AlertSourceSettings, IngestResult } from '../../../../contracts/alerts.ts';
import type { TicketStatus } from '../../../../contracts/tickets.ts';
import { alertEvents, alertSources } from '../../db/schema/alerts.ts';
import type { Tx } from '../../platform/db/database.ts';
import { idArray } from '../../platform/db/id-array.ts';
import { textArray } from '../../platform/db/text-array.ts';
import { AppError } from '../../platform/http/errors.ts';
import { cancelJob } from '../../platform/jobs/jobs.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, systemActor } from '../identity/index.ts';
import { resolveVerifiedByMonitoring } from '../resolution/index.ts';
import { isFinal, updateTicket } from '../tickets/index.ts';
import {
  type NewIncident,
  openIncidents,
  type SourceRow,
  type Touch,
  touchSource,
  updateTouched,
} from './alert-writes.ts';
import { type IncomingAlert, PayloadError, readPayload } from './payloads.ts';
import { resolveJobKey, scheduleResolve } from './resolve-job.ts';
import { sourceSettings, tokenMatches } from './sources.ts';
import { checkStorm } from './storm.ts';

type EventKind = (typeof alertEvents.$inferInsert)['kind'];

/** One payload as posted to a source's ingest URL. */
export interface AlertPayload {
  sourceId: number;
  token: string | undefined;
  body: unknown;
}

export type PayloadOutcome = { ok: true; result: IngestResult } | { ok: false; error: AppError };

/** The current alert of a key as the batch sees it, kept up to date as the batch goes. */
interface Current {
  id: number | null;
  ticketId: number | null;
  status: 'firing' | 'resolved';
  ticketStatus: TicketStatus;
  resolvedAt: Date | null;
  resolveDueAt: Date | null;
  title: string;
  /** Set while its incident waits to be opened with the others. */
  pending: (NewIncident & { retire: number | null }) | null;
}

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

const lockName = (sourceId: number, key: string) => `alerts:${sourceId}:${key}`;

/**
 * Takes payloads of monitoring systems (IN-5) in one transaction, each as if alone and in
 * order: one incident per alert (its dedupe key), a repeat counts as an occurrence, `resolved`
 * resolves the incident as verified by monitoring (at once, or after the source's hold-down),
 * firing again soon after reopens it (a flap), and a burst of new incidents proposes a major
 * incident. A payload with a wrong token (401) or that its source cannot read (400) gets its
 * error and changes nothing; the others go on. The incidents of every payload are opened
 * together (one `createTickets`), the repeats counted in one statement.
 */
export async function ingestPayloads(options: {
  tx: Tx;
  payloads: readonly AlertPayload[];
  now: Date;
  publicUrl: string;
}): Promise<PayloadOutcome[]> {
  const { tx, payloads, now } = options;
  // An id past bigint is no source (and must not reach PostgreSQL as one).
  const ids = [...new Set(payloads.map((p) => p.sourceId))].filter((id) => Number.isSafeInteger(id));
  const rows =
    ids.length === 0 ? [] : await tx.select().from(alertSources).where(inArray(alertSources.id, ids));
  const sources = new Map(rows.map((row) => [row.id, row]));
  const outcomes: PayloadOutcome[] = [];
  const accepted: {
    index: number;
    source: SourceRow;
    settings: AlertSourceSettings;
    folded: { alert: IncomingAlert; count: number }[];
    result: IngestResult;
    refs: Current[];
  }[] = [];
  for (const [index, payload] of payloads.entries()) {
    const source = sources.get(payload.sourceId);
    // The same answer for an unknown source, a wrong token and a deactivated source.
    if (!source?.active || !payload.token || !tokenMatches(payload.token, source.tokenHash)) {
      outcomes[index] = { ok: false, error: new AppError('alert_source.unauthorized') };
      continue;
    }
    const settings = sourceSettings(source.settings);
    try {
      const incoming = readPayload(source.kind, payload.body, settings);
      const result = {
        received: incoming.length,
        opened: 0,
        repeated: 0,
        resolved: 0,
        reopened: 0,
        ticketIds: [],
      };
      accepted.push({ index, source, settings, folded: fold(incoming), result, refs: [] });
    } catch (error) {
      if (!(error instanceof PayloadError)) throw error;
      outcomes[index] = {
        ok: false,
        error: new AppError('validation.invalid', { field: error.field, params: { detail: error.message } }),
      };
    }
  }
  const names = [
    ...new Set(accepted.flatMap((a) => a.folded.map((f) => lockName(a.source.id, f.alert.dedupeKey)))),
  ];
  const current = new Map<string, Current>();
  if (names.length > 0) {
    // Concurrent payloads with the same alerts queue here, key by key in one order (no deadlock).
    await tx.execute(sql`
      select pg_advisory_xact_lock(h) from (
        select hashtextextended(k, 0) as h from unnest(${textArray(names)}) k order by 1
      ) locks`);
    const pairs = accepted.flatMap((a) =>
      a.folded.map((f) => ({ source: a.source.id, key: f.alert.dedupeKey })),
    );
    const existing = await tx.execute<Record<string, unknown>>(sql`
      select a.id, a.source_id, a.dedupe_key, a.status, a.ticket_id, a.resolved_at, a.resolve_due_at, a.title,
             t.status as ticket_status
        from unnest(${idArray(pairs.map((p) => p.source))}, ${textArray(pairs.map((p) => p.key))}) as k(source_id, dedupe_key)
        join alerts a on a.source_id = k.source_id and a.dedupe_key = k.dedupe_key and a.current
        join tickets_v t on t.id = a.ticket_id`);
    for (const r of existing.rows) {
      current.set(lockName(Number(r.source_id), r.dedupe_key as string), {
        id: Number(r.id),
        ticketId: Number(r.ticket_id),
        status: r.status as Current['status'],
        ticketStatus: r.ticket_status as TicketStatus,
        resolvedAt: r.resolved_at ? new Date(r.resolved_at as string) : null,
        resolveDueAt: r.resolve_due_at ? new Date(r.resolve_due_at as string) : null,
        title: r.title as string,
        pending: null,
      });
    }
  }

  // The monitoring account acts only when something moves (a burst of repeats never needs it).
  let monitoring: Actor | null = null;
  const actorFor = async () => {
    monitoring ??= await systemActor(tx, 'monitoring');
    return monitoring;
  };
  const touched = new Map<number, Touch>();
  const touch = (row: Current, alert: IncomingAlert, count: number, change: Partial<Touch> = {}) => {
    if (row.id === null) return;
    const seen = touched.get(row.id) ?? { n: 0, flaps: 0, status: null, raw: alert.raw, endsAt: null };
    touched.set(row.id, {
      ...seen,
      ...change,
      n: seen.n + count,
      flaps: seen.flaps + (change.flaps ?? 0),
      raw: alert.raw,
      endsAt: alert.endsAt,
    });
  };
  const events: { alertId: number; kind: EventKind }[] = [];
  const waiting: Current[] = [];
  const openedBySource = new Map<
    number,
    { count: number; firstTicketId: number; source: SourceRow; settings: AlertSourceSettings }
  >();
  /** Opens the incidents waiting so far (before anything that needs their ticket, and at the end). */
  const flush = async () => {
    const batch = waiting.splice(0);
    if (batch.length === 0) return;
    const retired = batch.flatMap((row) => (row.pending?.retire ? [row.pending.retire] : []));
    if (retired.length > 0)
      await tx.execute(sql`update alerts set current = false where id = any(${idArray(retired)})`);
    const items = batch.map((row) => row.pending as NewIncident);
    const opened = await openIncidents(tx, await actorFor(), items, now);
    batch.forEach((row, i) => {
      const made = opened[i];
      const item = items[i];
      if (!made || !item) throw new Error('an incident was not opened');
      row.id = made.alertId;
      row.ticketId = made.ticketId;
      row.pending = null;
      events.push({ alertId: made.alertId, kind: 'fired' });
      const tally = openedBySource.get(item.source.id);
      if (tally) tally.count += 1;
      else
        openedBySource.set(item.source.id, {
          count: 1,
          firstTicketId: made.ticketId,
          source: item.source,
          settings: item.settings,
        });
    });
  };
  /** The row with its ticket, opening the waiting incidents first if it is one of them. */
  const opened = async (row: Current) => {
    if (row.pending) await flush();
    return { id: row.id as number, ticketId: row.ticketId as number };
  };

  for (const { source, settings, folded, result, refs } of accepted) {
    for (const { alert, count } of folded) {
      const name = lockName(source.id, alert.dedupeKey);
      const row = current.get(name);
      const startNew = (retire: number | null) => {
        const fresh: Current = {
          id: null,
          ticketId: null,
          status: 'firing',
          ticketStatus: 'new',
          resolvedAt: null,
          resolveDueAt: null,
          title: alert.title,
          pending: { source, settings, alert, count, retire },
        };
        current.set(name, fresh);
        waiting.push(fresh);
        refs.push(fresh);
        result.opened += 1;
      };
      if (!row) {
        // A recovery for an alert the desk never saw opens nothing.
        if (alert.status === 'firing') startNew(null);
        continue;
      }
      refs.push(row);
      if (alert.status === 'firing') {
        if (row.status === 'firing') {
          result.repeated += 1;
          if (row.pending) row.pending.count += count;
          else touch(row, alert, count);
          continue;
        }
        if (row.resolveDueAt) {
          // Fired again during the hold-down: the incident was never resolved; a flap.
          const { id } = await opened(row);
          await cancelJob(tx, resolveJobKey(id));
          result.reopened += 1;
          Object.assign(row, { status: 'firing', resolveDueAt: null });
          touch(row, alert, count, { status: 'firing', resolveDueAt: null, flaps: 1 });
          events.push({ alertId: id, kind: 'flapped' });
          continue;
        }
        const withinWindow =
          row.resolvedAt !== null &&
          now.getTime() - row.resolvedAt.getTime() <= settings.flapWindowSeconds * 1000;
        if (row.ticketStatus === 'resolved' && withinWindow) {
          const { id, ticketId } = await opened(row);
          const actor = await actorFor();
          await updateTicket({ tx, actor, ticketId, input: { status: 'open' }, now });
          await recordEvent(tx, {
            kind: 'alert.flapped',
            entityType: 'ticket',
            entityId: ticketId,
            ticketId,
            actorId: actor.id,
            at: now,
            data: { alertId: id, title: row.title, internal: true },
          });
          result.reopened += 1;
          Object.assign(row, { status: 'firing', ticketStatus: 'open' });
          touch(row, alert, count, { status: 'firing', resolveDueAt: null, flaps: 1 });
          events.push({ alertId: id, kind: 'flapped' });
          continue;
        }
        if (!isFinal(row.ticketStatus) && row.ticketStatus !== 'resolved') {
          // Someone reopened the incident by hand; the alert is back on it.
          const { id } = await opened(row);
          result.repeated += 1;
          row.status = 'firing';
          touch(row, alert, count, { status: 'firing', resolveDueAt: null });
          events.push({ alertId: id, kind: 'refired' });
          continue;
        }
        // The incident is over (closed, or resolved longer ago than the flap window): a new one.
        refs.pop();
        startNew((await opened(row)).id);
        continue;
      }
      // resolved
      if (row.status === 'resolved') {
        touch(row, alert, 0);
        continue;
      }
      const { id, ticketId } = await opened(row);
      result.resolved += 1;
      events.push({ alertId: id, kind: 'resolved' });
      if (settings.resolveAfterSeconds === 0) {
        const actor = await actorFor();
        const moved = await resolveVerifiedByMonitoring({ tx, actor, ticketId, what: row.title, now });
        if (moved) {
          events.push({ alertId: id, kind: 'ticket_resolved' });
          row.ticketStatus = 'resolved';
        }
        Object.assign(row, { status: 'resolved', resolvedAt: now, resolveDueAt: null });
        touch(row, alert, 0, { status: 'resolved', resolvedAt: now, resolveDueAt: null });
      } else {
        const due = new Date(now.getTime() + settings.resolveAfterSeconds * 1000);
        await scheduleResolve(tx, id, due);
        Object.assign(row, { status: 'resolved', resolvedAt: now, resolveDueAt: due });
        touch(row, alert, 0, { status: 'resolved', resolvedAt: now, resolveDueAt: due });
      }
    }
  }
  await flush();
  await updateTouched(tx, touched, now);
  if (events.length > 0) {
    await tx.insert(alertEvents).values(events.map((e) => ({ alertId: e.alertId, kind: e.kind, at: now })));
  }
  for (const tally of openedBySource.values()) {
    await checkStorm(tx, {
      source: tally.source,
      settings: tally.settings,
      opened: tally.count,
      firstTicketId: tally.firstTicketId,
      now,
      publicUrl: options.publicUrl,
    });
  }
  for (const sourceId of new Set(accepted.map((a) => a.source.id))) await touchSource(tx, sourceId, now);
  for (const { index, result, refs } of accepted) {
    result.ticketIds = [...new Set(refs.flatMap((row) => (row.ticketId === null ? [] : [row.ticketId])))];
    outcomes[index] = { ok: true, result };
  }
  return outcomes;
}

/** One payload in its own transaction: its result, or its error thrown. */
export async function ingestAlerts(options: {
  tx: Tx;
  sourceId: number;
  token: string | undefined;
  body: unknown;
  now: Date;
  publicUrl: string;
}): Promise<IngestResult> {
  const [outcome] = await ingestPayloads({
    tx: options.tx,
    payloads: [{ sourceId: options.sourceId, token: options.token, body: options.body }],
    now: options.now,
    publicUrl: options.publicUrl,
  });
  if (!outcome) throw new Error('no outcome for the payload');
  if (!outcome.ok) throw outcome.error;
  return outcome.result;
}
