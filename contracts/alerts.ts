import { z } from 'zod';
import { CategoryPath, Level, Priority, TicketStatus } from './tickets.ts';

/** Monitoring systems that post alerts (IN-5), each in its own payload format. */
export const AlertSourceKind = z.enum(['alertmanager', 'grafana', 'zabbix', 'generic']);
export type AlertSourceKind = z.infer<typeof AlertSourceKind>;

/** A path into the posted JSON: `$.alerts`, `data.items[0].id`, `labels.severity`. */
export const JsonPath = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^\$?(\.?[A-Za-z0-9_@-]+|\[\d{1,4}\])+$/, 'a JSON path such as "$.alert.id" or "items[0].state"');

/** How a generic JSON sender's fields become an alert. */
export const GenericMapping = z.object({
  /** Where the list of alerts is; absent: the body is one alert. */
  alerts: JsonPath.optional(),
  /** Paths below are read inside each alert. */
  dedupeKey: JsonPath,
  title: JsonPath,
  status: JsonPath.optional(),
  /** Status values that mean "resolved" (case-insensitive); anything else is firing. */
  resolvedValues: z.array(z.string().trim().min(1).max(60)).max(20).default(['resolved', 'ok', 'recovered']),
  severity: JsonPath.optional(),
  description: JsonPath.optional(),
  labels: JsonPath.optional(),
  annotations: JsonPath.optional(),
  startsAt: JsonPath.optional(),
  url: JsonPath.optional(),
});
export type GenericMapping = z.infer<typeof GenericMapping>;

/** A severity becomes a priority, or an impact and urgency for the matrix. */
export const SeverityTarget = z.union([Priority, z.object({ impact: Level, urgency: Level })]);
export type SeverityTarget = z.infer<typeof SeverityTarget>;

const settingFields = {
  /** The alert's identity: Alertmanager's fingerprint (one incident per alert) or its group key. */
  dedupeBy: z.enum(['fingerprint', 'groupKey']),
  /** Hold-down: how long a resolved alert must stay resolved before the incident resolves. */
  resolveAfterSeconds: z.number().int().min(0).max(86_400),
  /** Firing again within this long after resolving reopens the incident (a flap). */
  flapWindowSeconds: z.number().int().min(0).max(604_800),
  /** N new incidents from this source within M minutes: propose a major incident. Null: never. */
  stormThreshold: z
    .object({ count: z.number().int().min(2).max(100_000), minutes: z.number().int().min(1).max(1440) })
    .nullable(),
  /** The label holding the severity (Zabbix and generic: the mapped severity). */
  severityLabel: z.string().trim().min(1).max(100),
  /** Severity value (case-insensitive) to priority; merged over the defaults. */
  severityMap: z.record(z.string().trim().min(1).max(60), SeverityTarget),
  /** The label holding a category path; else `defaultCategory`. */
  categoryLabel: z.string().trim().min(1).max(100),
  defaultCategory: CategoryPath.nullable(),
  /** The team an incident goes to when no routing rule takes it. */
  defaultTeamId: z.number().int().positive().nullable(),
  mapping: GenericMapping.nullable(),
  /**
   * Labels naming the asset an incident is about (issue 14), tried in order: the first whose
   * value is an asset's name or serial number (without case; `host:port` also without the port)
   * links the incident to that asset.
   */
  assetLabels: z.array(z.string().trim().min(1).max(100)).max(10),
};

export const AlertSourceSettings = z.object(settingFields);
export type AlertSourceSettings = z.infer<typeof AlertSourceSettings>;

const name = z.string().trim().min(1).max(120);

/** Settings not named take their defaults (AlertSourceDto shows them). */
export const CreateAlertSourceInput = z.object({ name, kind: AlertSourceKind, ...settingFields }).partial({
  dedupeBy: true,
  resolveAfterSeconds: true,
  flapWindowSeconds: true,
  stormThreshold: true,
  severityLabel: true,
  severityMap: true,
  categoryLabel: true,
  defaultCategory: true,
  defaultTeamId: true,
  mapping: true,
  assetLabels: true,
});
export type CreateAlertSourceInput = z.infer<typeof CreateAlertSourceInput>;

/** An edit changes what it names and keeps the rest. */
export const UpdateAlertSourceInput = z.object({ name, active: z.boolean(), ...settingFields }).partial();
export type UpdateAlertSourceInput = z.infer<typeof UpdateAlertSourceInput>;

export const AlertSourceDto = z.object({
  id: z.number(),
  name: z.string(),
  kind: AlertSourceKind,
  active: z.boolean(),
  /** Where the monitoring system posts (with `Authorization: Bearer <token>`). */
  ingestUrl: z.string(),
  settings: AlertSourceSettings,
  lastReceivedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AlertSourceDto = z.infer<typeof AlertSourceDto>;

/** The answer to create and rotate: the token is shown this once (only its digest is kept). */
export const AlertSourceWithToken = AlertSourceDto.extend({ token: z.string() });
export type AlertSourceWithToken = z.infer<typeof AlertSourceWithToken>;

export const IngestResult = z.object({
  /** Alerts in the payload that were read. */
  received: z.number(),
  opened: z.number(),
  repeated: z.number(),
  resolved: z.number(),
  reopened: z.number(),
  /** Tickets the payload touched, in payload order. */
  ticketIds: z.array(z.number()),
});
export type IngestResult = z.infer<typeof IngestResult>;

export const AlertEventKind = z.enum(['fired', 'resolved', 'refired', 'flapped', 'ticket_resolved']);

/** An alert as the agent sees it on its ticket. */
export const TicketAlertDto = z.object({
  id: z.number(),
  source: z.object({ id: z.number(), name: z.string(), kind: AlertSourceKind }),
  status: z.enum(['firing', 'resolved']),
  title: z.string(),
  severity: z.string().nullable(),
  fingerprint: z.string().nullable(),
  groupKey: z.string().nullable(),
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
  links: z.record(z.string(), z.string()),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  occurrences: z.number(),
  flaps: z.number(),
  resolvedAt: z.string().nullable(),
  resolveDueAt: z.string().nullable(),
  ticketStatus: TicketStatus,
  events: z.array(z.object({ kind: AlertEventKind, at: z.string() })),
});
export type TicketAlertDto = z.infer<typeof TicketAlertDto>;
