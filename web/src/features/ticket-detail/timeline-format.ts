import type { TFunction } from 'i18next';
import type { TimelineEventDto } from '../../../../contracts/tickets.ts';
import { systemText } from '../../entities/ticket/system-text.ts';
import { formatDateTime, formatMinutesSpan, formatTicketNumber } from '../../shared/lib/format.ts';

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
    case 'priorityReason':
      return systemText(t, raw);
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
    // Knowledge and triage (issue 4).
    case 'triage.applied': {
      const applied = (data.applied ?? {}) as Record<string, unknown>;
      const fields = Object.keys(applied).map((field) => fieldLabel(t, field === 'teamId' ? 'team' : field));
      return {
        ...base,
        kind: 'change',
        title: t('kb.timeline.triageApplied', { actor, fields: fields.join(', ') }),
      };
    }
    case 'triage.self_help_sent':
      return {
        ...base,
        kind: 'other',
        title: t('kb.timeline.selfHelp', { actor, title: str(data.title) ?? '' }),
      };
    case 'kb.article_linked':
      return {
        ...base,
        kind: 'link',
        title: t('kb.timeline.articleLinked', { actor, title: str(data.title) ?? '' }),
      };
    case 'kb.article_captured':
      return { ...base, kind: 'other', title: t('kb.timeline.captured', { actor }) };
    case 'kb.capture_overdue':
      return { ...base, kind: 'other', title: t('kb.timeline.captureOverdue') };
    case 'ticket.merged':
      return {
        ...base,
        kind: 'link',
        title: t('duplicates.timelineMerged', {
          actor,
          from: ticketRef(data.fromNumber, data.fromTicketId),
          to: ticketRef(data.intoNumber, data.intoTicketId),
        }),
      };
    case 'problem.candidate_proposed':
      return { ...base, kind: 'other', title: t('kb.timeline.problemCandidate') };
    // Channels (issue 5): mail received, calls, chats and call-backs on the ticket.
    case 'email.received':
      return { ...base, kind: 'other', title: t('channelsTimeline.email', { from: str(data.from) ?? '' }) };
    case 'phone.call_logged':
      return {
        ...base,
        kind: 'other',
        title: t('channelsTimeline.call', {
          actor,
          caller: str(data.caller) ?? '',
          minutes: Math.round(Number(data.durationSeconds ?? 0) / 60),
        }),
      };
    case 'chat.converted':
    case 'chat.resolved_first_contact':
      return {
        ...base,
        kind: 'other',
        title: t(
          event.kind === 'chat.converted'
            ? 'channelsTimeline.chatConverted'
            : 'channelsTimeline.chatResolved',
          {
            actor,
          },
        ),
      };
    case 'callback.scheduled':
      return {
        ...base,
        kind: 'other',
        title: t('channelsTimeline.callbackScheduled', { actor, due: formatDateTime(str(data.dueAt) ?? '') }),
      };
    case 'callback.done':
      return { ...base, kind: 'other', title: t('channelsTimeline.callbackDone', { actor }) };
    // Service levels, routing and escalation (issue 3).
    case 'sla.warning':
    case 'sla.breached': {
      const clock = str(data.clock) ?? 'resolution';
      const key = event.kind === 'sla.warning' ? 'slaTimeline.warning' : 'slaTimeline.breached';
      return {
        ...base,
        kind: 'other',
        title: t(key, {
          clock: t(`sla.clock.${clock}`, { defaultValue: clock }),
          due: formatDateTime(str(data.dueAt) ?? ''),
        }),
      };
    }
    case 'ticket.escalated': {
      const how = str(data.escalationKind) ?? 'functional';
      return {
        ...base,
        kind: 'change',
        title: t('slaTimeline.escalated', {
          actor,
          kind: t(`escalation.kindShort.${how}`, { defaultValue: how }),
        }),
        changes: [systemText(t, str(data.reason)), str(data.tried)].filter((line): line is string =>
          Boolean(line),
        ),
      };
    }
    case 'ticket.nudged':
      return {
        ...base,
        kind: 'other',
        title: t('slaTimeline.nudged', { actor, ordinal: Number(data.ordinal ?? 1) }),
        body: str(data.message),
      };
    case 'ticket.routed':
      return { ...base, kind: 'change', title: t('slaTimeline.routed', { rule: str(data.ruleName) ?? '' }) };
    case 'vendor.handed_off':
      return {
        ...base,
        kind: 'other',
        title: t('slaTimeline.handedOff', {
          actor,
          vendor: isRecord(data.vendor) ? (str(data.vendor.name) ?? '') : '',
        }),
      };
    case 'vendor.returned':
      return { ...base, kind: 'other', title: t('slaTimeline.vendorReturned', { actor }) };
    case 'sla.progress_update':
      return { ...base, kind: 'other', title: t('slaTimeline.progressUpdate', { actor }) };
    case 'major_incident.linked':
      return {
        ...base,
        kind: 'link',
        title: t('slaTimeline.majorIncident', { actor, title: str(data.title) ?? '' }),
      };
    // Remote assistance (issue 17): who, when, consent, how long.
    case 'remote.invited':
      return {
        ...base,
        kind: 'other',
        title: t('remoteAssist.timeline.invited', { actor }),
        body: str(data.reason),
      };
    case 'remote.consented':
      return {
        ...base,
        kind: 'other',
        title: t(
          data.recording === true
            ? 'remoteAssist.timeline.consentedRecording'
            : 'remoteAssist.timeline.consented',
          {
            actor,
          },
        ),
      };
    case 'remote.declined':
      return {
        ...base,
        kind: 'other',
        title:
          data.callback === true
            ? t('remoteAssist.timeline.callback', { actor, phone: str(data.phone) ?? '' })
            : t('remoteAssist.timeline.declined', { actor }),
      };
    case 'remote.paused':
      return { ...base, kind: 'other', title: t('remoteAssist.timeline.paused', { actor }) };
    case 'remote.resumed':
      return { ...base, kind: 'other', title: t('remoteAssist.timeline.resumed', { actor }) };
    case 'remote.ended': {
      const seconds = typeof data.durationSeconds === 'number' ? data.durationSeconds : null;
      return {
        ...base,
        kind: 'other',
        title:
          seconds === null
            ? t('remoteAssist.timeline.cancelled', { actor })
            : t('remoteAssist.timeline.ended', {
                actor,
                duration:
                  seconds < 60
                    ? t('remoteAssist.seconds', { count: Math.round(seconds) })
                    : formatMinutesSpan(seconds / 60),
              }),
      };
    }
    case 'remote.expired':
      return { ...base, kind: 'other', title: t('remoteAssist.timeline.expired') };
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
