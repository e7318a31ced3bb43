import type { TFunction } from 'i18next';
import type { TimelineEventDto } from '../../../../contracts/tickets.ts';
import { formatDateTime, formatTicketNumber } from '../../shared/lib/format.ts';

/** Names for the ids that change events carry (team and assignee ids, for example). */
export type Lookups = {
  teamName: (id: number) => string | undefined;
  userName: (id: number) => string | undefined;
};

export type TimelineEntry = {
  id: number;
  at: string;
  kind: 'created' | 'change' | 'message' | 'internal' | 'link' | 'attachment' | 'other';
  title: string;
  /** One line per changed field: "状态: 新建 → 处理中". */
  changes: string[];
  body?: string;
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isChange = (value: unknown): value is { from?: unknown; to?: unknown } =>
  isRecord(value) && ('from' in value || 'to' in value);

function fieldLabel(t: TFunction, field: string): string {
  switch (field) {
    case 'status':
      return t('ticket.status');
    case 'priority':
      return t('ticket.priority');
    case 'priorityReason':
      return t('ticket.priorityReason');
    case 'priorityOverridden':
      return t('ticket.priorityOverridden');
    case 'impact':
      return t('ticket.impact');
    case 'urgency':
      return t('ticket.urgency');
    case 'type':
      return t('ticket.type');
    case 'category':
      return t('ticket.category');
    case 'subject':
      return t('ticket.subject');
    case 'team':
    case 'teamId':
      return t('ticket.team');
    case 'assignee':
    case 'assigneeId':
      return t('ticket.assignee');
    case 'tier':
      return t('ticket.tier');
    case 'channel':
      return t('ticket.channel');
    default:
      return field;
  }
}

function valueLabel(t: TFunction, field: string, value: unknown, lookups: Lookups): string {
  if (value === null || value === undefined || value === '') return t('timeline.emptyValue');
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (isRecord(value)) {
    if (typeof value.name === 'string') return value.name;
    return JSON.stringify(value);
  }
  const raw = String(value);
  const id = typeof value === 'number' ? value : Number.NaN;
  switch (field) {
    case 'status':
      return t(`status.${raw}`, { defaultValue: raw });
    case 'type':
      return t(`type.${raw}`, { defaultValue: raw });
    case 'impact':
      return t(`impact.${raw}`, { defaultValue: raw });
    case 'urgency':
      return t(`urgency.${raw}`, { defaultValue: raw });
    case 'channel':
      return t(`channel.${raw}`, { defaultValue: raw });
    case 'tier':
      return t(`tier.${raw}`, { defaultValue: raw });
    case 'teamId':
    case 'team':
      return lookups.teamName(id) ?? raw;
    case 'assigneeId':
    case 'assignee':
      return lookups.userName(id) ?? raw;
    default:
      return raw;
  }
}

const HIDDEN_FIELDS = new Set(['priorityOverridden', 'updatedAt']);

/** `{ field: { from, to } }`, possibly under a `changes` key: one readable line per field. */
export function describeChanges(t: TFunction, data: Record<string, unknown>, lookups: Lookups): string[] {
  const source = isRecord(data.changes) ? data.changes : data;
  return (
    Object.entries(source)
      .filter((entry): entry is [string, { from?: unknown; to?: unknown }] => isChange(entry[1]))
      // The override flag only repeats what the priority and reason lines already say.
      .filter(([field]) => !HIDDEN_FIELDS.has(field))
      .map(([field, change]) =>
        t('timeline.fieldChange', {
          field: fieldLabel(t, field),
          from: valueLabel(t, field, change.from, lookups),
          to: valueLabel(t, field, change.to, lookups),
        }),
      )
  );
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/** "#10001" from a number, "ID 7" from an id, for either end of a link. */
function ticketRef(number: unknown, id: unknown): string {
  if (typeof number === 'number') return formatTicketNumber(number);
  return typeof id === 'number' ? `ID ${id}` : '?';
}

export function describeEvent(t: TFunction, event: TimelineEventDto, lookups: Lookups): TimelineEntry {
  const actor = event.actor?.name ?? t('timeline.system');
  const base = { id: event.id, at: event.at, changes: [] as string[] };
  const data = event.data;
  switch (event.kind) {
    case 'ticket.created': {
      const channel = str(data.channel);
      const title = channel
        ? t('timeline.createdVia', { actor, channel: t(`channel.${channel}`, { defaultValue: channel }) })
        : t('timeline.created', { actor });
      return { ...base, kind: 'created', title };
    }
    case 'ticket.updated': {
      const changes = describeChanges(t, data, lookups);
      if (data.reason === 'requester_replied') changes.push(t('timeline.requesterReplied'));
      return { ...base, kind: 'change', title: t('timeline.updated', { actor }), changes };
    }
    case 'message.created': {
      const internal = data.internal === true;
      return {
        ...base,
        kind: internal ? 'internal' : 'message',
        title: internal ? t('timeline.internalNote', { actor }) : t('timeline.replied', { actor }),
        body: str(data.body),
      };
    }
    case 'link.created':
    case 'link.deleted': {
      const kind = str(data.kind);
      const label = kind ? t(`linkKind.${kind}`, { defaultValue: kind }) : '';
      const key = event.kind === 'link.created' ? 'timeline.linkCreated' : 'timeline.linkDeleted';
      const from = ticketRef(data.fromNumber, data.fromTicketId);
      const to = ticketRef(data.toNumber, data.toTicketId);
      return { ...base, kind: 'link', title: t(key, { actor, kind: label, from, to }) };
    }
    case 'attachment.created':
      return {
        ...base,
        kind: 'attachment',
        title: t('timeline.attachment', { actor, name: str(data.filename) ?? str(data.name) ?? '' }),
      };
    default:
      return {
        ...base,
        kind: 'other',
        title: t('timeline.other', { actor, kind: event.kind }),
        changes: describeChanges(t, data, lookups),
      };
  }
}

export const entryTime = (entry: TimelineEntry): string => formatDateTime(entry.at);
