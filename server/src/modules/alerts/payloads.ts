import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AlertSourceKind, AlertSourceSettings, GenericMapping } from '../../../../contracts/alerts.ts';

/** One alert as every sender's payload is read into (pure; no I/O). */
export interface IncomingAlert {
  status: 'firing' | 'resolved';
  dedupeKey: string;
  fingerprint: string | null;
  groupKey: string | null;
  title: string;
  severity: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  links: Record<string, string>;
  startsAt: Date | null;
  endsAt: Date | null;
  /** The alert as sent, made storable (see `storable`). */
  raw: unknown;
}

/** The most alerts one payload may hold (Alertmanager's `max_alerts` keeps groups below this). */
export const MAX_ALERTS_PER_PAYLOAD = 1000;
/** The raw alert kept per incident, at most this many characters of JSON. */
export const MAX_RAW_CHARS = 16_384;

/** A payload that cannot be read: a 400 with the field at fault. */
export class PayloadError extends Error {
  readonly field: string;
  constructor(field: string, detail: string) {
    super(detail);
    this.field = field;
  }
}

/** Text PostgreSQL can store: no NUL, no lone surrogate. */
export function cleanText(value: string): string {
  return value.replaceAll('\u0000', '').toWellFormed();
}

/** A JSON value with clean strings (keys too), for jsonb, and cut to MAX_RAW_CHARS when larger. */
export function storable(value: unknown): unknown {
  const clean = (v: unknown): unknown => {
    if (typeof v === 'string') return cleanText(v);
    if (Array.isArray(v)) return v.map(clean);
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, inner]) => [cleanText(k), clean(inner)]));
    }
    return v;
  };
  const cleaned = clean(value);
  const text = JSON.stringify(cleaned) ?? 'null';
  if (text.length <= MAX_RAW_CHARS) return cleaned;
  return { truncated: true, size: text.length, excerpt: text.slice(0, MAX_RAW_CHARS) };
}

const str = (max: number) => z.string().max(max).transform(cleanText);
const StringMap = z.record(str(200), str(10_000)).default({});
const time = z.string().max(64).optional();

/** Alertmanager's webhook `Message` (version 4): notify/webhook/webhook.go and template.Data. */
const AlertmanagerAlert = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: StringMap,
  annotations: StringMap,
  startsAt: time,
  endsAt: time,
  generatorURL: str(4000).optional(),
  fingerprint: str(200).optional(),
  // Grafana's unified alerting adds these to the same shape.
  silenceURL: str(4000).optional(),
  dashboardURL: str(4000).optional(),
  panelURL: str(4000).optional(),
  imageURL: str(4000).optional(),
  values: z.record(z.string().max(200), z.unknown()).nullable().optional(),
  valueString: str(10_000).optional(),
});
const AlertmanagerMessage = z.object({
  version: str(20).optional(),
  groupKey: str(4000).optional(),
  truncatedAlerts: z.number().int().min(0).optional(),
  status: z.enum(['firing', 'resolved']),
  receiver: str(500).optional(),
  groupLabels: StringMap,
  commonLabels: StringMap,
  commonAnnotations: StringMap,
  externalURL: str(4000).optional(),
  alerts: z.array(AlertmanagerAlert).max(MAX_ALERTS_PER_PAYLOAD),
  // Grafana
  orgId: z.number().optional(),
  state: str(40).optional(),
  title: str(2000).optional(),
  message: str(20_000).optional(),
});

/**
 * What the product's Zabbix media type script sends (docs/integrations/zabbix-media-type.js):
 * the macros of the problem or recovery event, as strings.
 */
const ZabbixMessage = z.object({
  event_id: str(40).pipe(z.string().regex(/^\d+$/, 'the problem event id ({EVENT.ID})')),
  /** {EVENT.VALUE}: 1 problem, 0 recovery. */
  event_value: z
    .union([z.string(), z.number()])
    .transform(String)
    .pipe(z.enum(['0', '1'])),
  event_update_status: z.union([z.string(), z.number()]).transform(String).optional(),
  event_name: str(2000).optional(),
  event_severity: str(100).optional(),
  event_nseverity: z.union([z.string(), z.number()]).transform(String).optional(),
  event_date: str(40).optional(),
  event_time: str(40).optional(),
  event_recovery_date: str(40).optional(),
  event_recovery_time: str(40).optional(),
  event_tags: z
    .array(z.object({ tag: str(200), value: str(2000).default('') }))
    .max(200)
    .default([]),
  event_opdata: str(4000).optional(),
  host_name: str(500).optional(),
  host_ip: str(200).optional(),
  trigger_id: str(40).optional(),
  trigger_name: str(2000).optional(),
  trigger_description: str(10_000).optional(),
  item_value: str(4000).optional(),
  event_url: str(4000).optional(),
});

/** A time the sender gave, or null (Go's zero time "0001-01-01T00:00:00Z" means none). */
function parseTime(value: string | undefined): Date | null {
  if (!value) return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || ms < Date.UTC(1971, 0, 1)) return null;
  return new Date(ms);
}

/** Alertmanager computes the fingerprint from the labels; an old sender without one gets the same idea. */
export function labelFingerprint(labels: Record<string, string>): string {
  const canonical = Object.keys(labels)
    .sort()
    .map((k) => `${k}\u0000${labels[k]}`)
    .join('\u0001');
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

function titleOf(
  labels: Record<string, string>,
  annotations: Record<string, string>,
  fallback: string,
): string {
  const name = labels.alertname ?? fallback;
  const summary = annotations.summary ?? annotations.message ?? annotations.title;
  return summary && summary !== name ? `${name}: ${summary}` : name;
}

const nonEmpty = (entries: [string, string | undefined][]): Record<string, string> =>
  Object.fromEntries(entries.filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));

function readAlertmanager(
  body: unknown,
  settings: AlertSourceSettings,
  kind: 'alertmanager' | 'grafana',
): IncomingAlert[] {
  const message = parseWith(AlertmanagerMessage, body);
  const groupKey = message.groupKey ?? null;
  if (settings.dedupeBy === 'groupKey') {
    // One incident per notification group: its status is the group's (firing while any alert fires).
    if (!groupKey) throw new PayloadError('groupKey', 'the source deduplicates by group key; none was sent');
    const labels = { ...message.commonLabels, ...message.groupLabels };
    const firstFiring = message.alerts.find((a) => a.status === 'firing') ?? message.alerts[0];
    return [
      {
        status: message.status,
        dedupeKey: `group:${groupKey}`,
        fingerprint: null,
        groupKey,
        title: message.title || titleOf(labels, message.commonAnnotations, message.receiver || kind),
        severity: labels[settings.severityLabel] ?? null,
        labels,
        annotations: message.commonAnnotations,
        links: nonEmpty([
          ['externalURL', message.externalURL],
          ['generatorURL', firstFiring?.generatorURL],
          ['dashboardURL', firstFiring?.dashboardURL],
          ['panelURL', firstFiring?.panelURL],
        ]),
        startsAt: parseTime(firstFiring?.startsAt),
        endsAt: message.status === 'resolved' ? parseTime(firstFiring?.endsAt) : null,
        raw: storable(body),
      },
    ];
  }
  return message.alerts.map((alert) => {
    const fingerprint = alert.fingerprint || labelFingerprint(alert.labels);
    return {
      status: alert.status,
      dedupeKey: fingerprint,
      fingerprint,
      groupKey,
      title: titleOf(alert.labels, alert.annotations, kind),
      severity: alert.labels[settings.severityLabel] ?? null,
      labels: alert.labels,
      annotations: alert.annotations,
      links: nonEmpty([
        ['generatorURL', alert.generatorURL],
        ['externalURL', message.externalURL],
        ['dashboardURL', alert.dashboardURL],
        ['panelURL', alert.panelURL],
        ['silenceURL', alert.silenceURL],
        ['imageURL', alert.imageURL],
      ]),
      startsAt: parseTime(alert.startsAt),
      endsAt: alert.status === 'resolved' ? parseTime(alert.endsAt) : null,
      raw: storable({ ...alert, groupKey, receiver: message.receiver, externalURL: message.externalURL }),
    };
  });
}

function readZabbix(body: unknown, settings: AlertSourceSettings): IncomingAlert[] {
  const event = parseWith(ZabbixMessage, body);
  const labels: Record<string, string> = nonEmpty([
    ['alertname', event.trigger_name || event.event_name],
    ['host', event.host_name],
    ['host_ip', event.host_ip],
    ['trigger_id', event.trigger_id],
    ['severity', event.event_severity],
  ]);
  for (const { tag, value } of event.event_tags) if (!(tag in labels)) labels[tag] = value;
  const annotations = nonEmpty([
    ['summary', event.event_name],
    ['description', event.trigger_description],
    ['opdata', event.event_opdata],
    ['item_value', event.item_value],
    ['event_time', [event.event_date, event.event_time].filter(Boolean).join(' ') || undefined],
  ]);
  const groupKey = event.trigger_id ? `trigger:${event.trigger_id}` : null;
  if (settings.dedupeBy === 'groupKey' && !groupKey) {
    throw new PayloadError('trigger_id', 'the source deduplicates by trigger; none was sent');
  }
  return [
    {
      status: event.event_value === '1' ? 'firing' : 'resolved',
      dedupeKey: settings.dedupeBy === 'groupKey' && groupKey ? groupKey : `event:${event.event_id}`,
      fingerprint: event.event_id,
      groupKey,
      title: titleOf(labels, {}, 'Zabbix'),
      severity: labels[settings.severityLabel] ?? event.event_severity ?? null,
      labels,
      annotations,
      links: nonEmpty([['generatorURL', event.event_url]]),
      startsAt: null,
      endsAt: null,
      raw: storable(body),
    },
  ];
}

/** Reads `$.a.b[0].c` (or `a.b.0.c`) in a JSON value. */
export function readPath(value: unknown, path: string): unknown {
  const steps = path
    .replace(/^\$\.?/, '')
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean);
  let at: unknown = value;
  for (const step of steps) {
    if (Array.isArray(at) && /^\d+$/.test(step)) at = at[Number(step)];
    else if (at && typeof at === 'object' && Object.hasOwn(at, step))
      at = (at as Record<string, unknown>)[step];
    else return undefined;
  }
  return at;
}

const scalar = (v: unknown): string | undefined =>
  typeof v === 'string'
    ? cleanText(v)
    : typeof v === 'number' || typeof v === 'boolean'
      ? String(v)
      : undefined;

/** An object of scalars as string labels; a list of `{key|tag|name, value}` pairs too. */
function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(v)) {
    for (const item of v.slice(0, 200)) {
      if (!item || typeof item !== 'object') continue;
      const entry = item as Record<string, unknown>;
      const key = scalar(entry.key ?? entry.tag ?? entry.name);
      const value = scalar(entry.value);
      if (key) out[key.slice(0, 200)] = (value ?? '').slice(0, 10_000);
    }
  } else if (v && typeof v === 'object') {
    for (const [k, inner] of Object.entries(v).slice(0, 200)) {
      const value = scalar(inner);
      if (value !== undefined) out[cleanText(k).slice(0, 200)] = value.slice(0, 10_000);
    }
  }
  return out;
}

function readGeneric(body: unknown, mapping: GenericMapping | null, settings: AlertSourceSettings) {
  if (!mapping) throw new PayloadError('mapping', 'the source has no field mapping');
  const list = mapping.alerts === undefined ? [body] : readPath(body, mapping.alerts);
  if (!Array.isArray(list)) throw new PayloadError(mapping.alerts ?? 'body', 'no list of alerts there');
  if (list.length > MAX_ALERTS_PER_PAYLOAD) {
    throw new PayloadError(mapping.alerts ?? 'body', `more than ${MAX_ALERTS_PER_PAYLOAD} alerts`);
  }
  const resolvedValues = new Set(mapping.resolvedValues.map((v) => v.toLowerCase()));
  return list.map((item, i): IncomingAlert => {
    const key = scalar(readPath(item, mapping.dedupeKey));
    if (!key) throw new PayloadError(`${i}.${mapping.dedupeKey}`, 'no dedupe key at this path');
    const title = scalar(readPath(item, mapping.title));
    if (!title) throw new PayloadError(`${i}.${mapping.title}`, 'no title at this path');
    const status = mapping.status ? scalar(readPath(item, mapping.status)) : undefined;
    const labels = mapping.labels ? stringMap(readPath(item, mapping.labels)) : {};
    const severity = mapping.severity ? scalar(readPath(item, mapping.severity)) : undefined;
    if (severity !== undefined) labels[settings.severityLabel] ??= severity.slice(0, 200);
    const annotations = mapping.annotations ? stringMap(readPath(item, mapping.annotations)) : {};
    const description = mapping.description ? scalar(readPath(item, mapping.description)) : undefined;
    if (description) annotations.description ??= description.slice(0, 10_000);
    const url = mapping.url ? scalar(readPath(item, mapping.url)) : undefined;
    const startsAt = mapping.startsAt ? readPath(item, mapping.startsAt) : undefined;
    return {
      status: status !== undefined && resolvedValues.has(status.toLowerCase()) ? 'resolved' : 'firing',
      dedupeKey: key.slice(0, 500),
      fingerprint: key.slice(0, 200),
      groupKey: null,
      title: title.slice(0, 500),
      severity: labels[settings.severityLabel] ?? null,
      labels,
      annotations,
      links: url ? { generatorURL: url.slice(0, 4000) } : {},
      startsAt:
        typeof startsAt === 'number'
          ? parseTime(new Date(startsAt < 1e12 ? startsAt * 1000 : startsAt).toISOString())
          : parseTime(scalar(startsAt)),
      endsAt: null,
      raw: storable(item),
    };
  });
}

function parseWith<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || 'body';
  throw new PayloadError(field, `${field}: ${issue?.message ?? 'invalid'}`);
}

/** Reads a sender's payload into alerts; a payload that cannot be read throws PayloadError. */
export function readPayload(
  kind: AlertSourceKind,
  body: unknown,
  settings: AlertSourceSettings,
): IncomingAlert[] {
  switch (kind) {
    case 'alertmanager':
    case 'grafana':
      return readAlertmanager(body, settings, kind);
    case 'zabbix':
      return readZabbix(body, settings);
    case 'generic':
      return readGeneric(body, settings.mapping, settings);
  }
}
