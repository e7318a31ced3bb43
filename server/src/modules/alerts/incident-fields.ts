import type { AlertSourceSettings, SeverityTarget } from '../../../../contracts/alerts.ts';
import {
  CategoryPath,
  type CreateTicketInput,
  type Level,
  type Priority,
} from '../../../../contracts/tickets.ts';
import type { IncomingAlert } from './payloads.ts';
import { DEFAULT_SEVERITY_MAP } from './sources.ts';

/** Impact and urgency that the default matrix turns into each priority. */
const LEVELS_FOR: Record<Priority, { impact: Level; urgency: Level }> = {
  P1: { impact: 'high', urgency: 'high' },
  P2: { impact: 'high', urgency: 'medium' },
  P3: { impact: 'medium', urgency: 'medium' },
  P4: { impact: 'medium', urgency: 'low' },
};

/** A severity through the source's map (over the defaults); unknown or none: P3. */
export function severityTarget(
  severity: string | null,
  settings: AlertSourceSettings,
): { impact: Level; urgency: Level; priority: Priority | null } {
  const key = severity?.trim().toLowerCase() ?? '';
  const own = Object.entries(settings.severityMap).find(([k]) => k.toLowerCase() === key)?.[1];
  const target: SeverityTarget = own ?? DEFAULT_SEVERITY_MAP[key] ?? 'P3';
  if (typeof target === 'string') return { ...LEVELS_FOR[target], priority: target };
  return { ...target, priority: null };
}

/** Labels that say where the fault is, for the structured "environment" field. */
const WHERE_LABELS = [
  'instance',
  'host',
  'host_ip',
  'job',
  'service',
  'namespace',
  'pod',
  'cluster',
  'env',
  'environment',
];

const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/**
 * The incident an alert opens: subject from the alert's name and summary, the description
 * with its labels as `key=value` lines (what routing keywords match), the category from a
 * label or the source's default, priority from the severity.
 */
export function incidentInput(
  alert: IncomingAlert,
  source: { name: string; kind: string },
  settings: AlertSourceSettings,
): { input: CreateTicketInput; priority: Priority | null } {
  const where = WHERE_LABELS.map((k) => alert.labels[k]).find(Boolean);
  const subject = cut(where && !alert.title.includes(where) ? `${alert.title} (${where})` : alert.title, 200);
  const description = [
    alert.annotations.description ?? alert.annotations.summary ?? alert.annotations.message ?? alert.title,
    '',
    `告警来源 Alert source: ${source.name} (${source.kind})`,
    ...(alert.severity ? [`严重级别 Severity: ${alert.severity}`] : []),
    '',
    '标签 Labels:',
    ...Object.entries(alert.labels).map(([k, v]) => `${k}=${v}`),
    ...(Object.keys(alert.links).length > 0
      ? ['', '链接 Links:', ...Object.entries(alert.links).map(([k, v]) => `${k}: ${v}`)]
      : []),
  ].join('\n');
  const labelled = alert.labels[settings.categoryLabel];
  const category =
    labelled && CategoryPath.safeParse(labelled).success ? labelled.trim() : settings.defaultCategory;
  const environment = WHERE_LABELS.filter((k) => alert.labels[k])
    .map((k) => `${k}=${alert.labels[k]}`)
    .join(', ');
  const target = severityTarget(alert.severity, settings);
  return {
    input: {
      subject: subject.trim() || 'Alert',
      description: cut(description, 20_000),
      type: 'incident',
      channel: 'monitoring',
      impact: target.impact,
      urgency: target.urgency,
      ...(category ? { category } : {}),
      ...(alert.labels.alertname ? { errorCode: cut(alert.labels.alertname, 200) } : {}),
      ...(environment ? { environment: cut(environment, 2000) } : {}),
      ...(alert.startsAt ? { occurredAt: alert.startsAt.toISOString() } : {}),
    },
    priority: target.priority,
  };
}
