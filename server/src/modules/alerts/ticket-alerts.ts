import { sql } from 'drizzle-orm';
import type { AlertSourceKind, TicketAlertDto } from '../../../../contracts/alerts.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { assertTicketVisible } from '../tickets/index.ts';

interface Row extends Record<string, unknown> {
  id: number;
  source_id: number;
  source_name: string;
  source_kind: AlertSourceKind;
  status: 'firing' | 'resolved';
  title: string;
  severity: string | null;
  fingerprint: string | null;
  group_key: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  links: Record<string, string>;
  starts_at: string | Date | null;
  ends_at: string | Date | null;
  first_seen_at: string | Date;
  last_seen_at: string | Date;
  occurrences: number;
  flaps: number;
  resolved_at: string | Date | null;
  resolve_due_at: string | Date | null;
  events: { kind: TicketAlertDto['events'][number]['kind']; at: string }[] | null;
}

const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());

/** The alerts behind an incident, for the agent (staff only): labels, annotations, links, occurrences. */
export async function listTicketAlerts(options: {
  tx: Queryable;
  actor: Actor;
  ticketId: number;
}): Promise<{ items: TicketAlertDto[] }> {
  const { tx, actor, ticketId } = options;
  assertCan(actor, 'ticket.work');
  const ticket = await assertTicketVisible(tx, actor, ticketId);
  const rows = await tx.execute<Row>(sql`
    select a.id, a.source_id, s.name as source_name, s.kind as source_kind, a.status, a.title, a.severity,
           a.fingerprint, a.group_key, a.labels, a.annotations, a.links, a.starts_at, a.ends_at,
           a.first_seen_at, a.last_seen_at, a.occurrences, a.flaps, a.resolved_at, a.resolve_due_at,
           (select json_agg(json_build_object('kind', e.kind, 'at', e.at) order by e.at desc, e.id desc)
              from (select * from alert_events where alert_id = a.id order by at desc, id desc limit 50) e) as events
      from alerts a join alert_sources s on s.id = a.source_id
     where a.ticket_id = ${ticketId} order by a.first_seen_at, a.id`);
  return {
    items: rows.rows.map((r) => ({
      id: Number(r.id),
      source: { id: Number(r.source_id), name: r.source_name, kind: r.source_kind },
      status: r.status,
      title: r.title,
      severity: r.severity,
      fingerprint: r.fingerprint,
      groupKey: r.group_key,
      labels: r.labels,
      annotations: r.annotations,
      links: r.links,
      startsAt: iso(r.starts_at),
      endsAt: iso(r.ends_at),
      firstSeenAt: iso(r.first_seen_at) ?? '',
      lastSeenAt: iso(r.last_seen_at) ?? '',
      occurrences: r.occurrences,
      flaps: r.flaps,
      resolvedAt: iso(r.resolved_at),
      resolveDueAt: iso(r.resolve_due_at),
      ticketStatus: ticket.status,
      events: (r.events ?? []).map((e) => ({ kind: e.kind, at: new Date(e.at).toISOString() })),
    })),
  };
}
