import type { TFunction } from 'i18next';
import type { TimelineEventDto } from '../../../../contracts/tickets.ts';
import { systemText } from '../../entities/ticket/system-text.ts';

/** Names for the ids that change events carry (team and assignee ids, for example). */
export type Lookups = {
  teamName: (id: number) => string | undefined;
  userName: (id: number) => string | undefined;
  /** The reader's language, for values stored in both (a resolution code's label). */
  locale: 'zh-CN' | 'en';
  /** A time in the reader's zone and format (shared/lib/format.ts in the app). */
  formatTime: (iso: string) => string;
};

export type TimelineEntry = {
  id: number;
  at: string;
  kind: 'created' | 'change' | 'message' | 'internal' | 'link' | 'attachment' | 'other';
  title: string;
  /** One line per changed field or detail: "状态: 新建 → 处理中". */
  changes: string[];
  body?: string;
};

type Sentence = Omit<TimelineEntry, 'id' | 'at' | 'changes'> & { changes?: string[] };

type RenderContext = {
  t: TFunction;
  actor: string;
  data: Record<string, unknown>;
  lookups: Lookups;
  kind: string;
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isChange = (value: unknown): value is { from?: unknown; to?: unknown } =>
  isRecord(value) && ('from' in value || 'to' in value);

const str = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/**
 * Every ticket field a change event can carry, with its label; `null` for fields that the
 * sentence already says (the reopen counter) or that a reader has no use for (timestamps).
 * A field not listed here is left out rather than shown by its code name.
 */
const FIELD_LABELS: Record<string, ((t: TFunction) => string) | null> = {
  status: (t) => t('ticket.status'),
  priority: (t) => t('ticket.priority'),
  priorityReason: (t) => t('ticket.priorityReason'),
  priorityOverridden: null,
  impact: (t) => t('ticket.impact'),
  urgency: (t) => t('ticket.urgency'),
  type: (t) => t('ticket.type'),
  category: (t) => t('ticket.category'),
  categoryId: (t) => t('ticket.category'),
  subject: (t) => t('ticket.subject'),
  description: (t) => t('ticket.description'),
  team: (t) => t('ticket.team'),
  teamId: (t) => t('ticket.team'),
  assignee: (t) => t('ticket.assignee'),
  assigneeId: (t) => t('ticket.assignee'),
  tier: (t) => t('ticket.tier'),
  channel: (t) => t('ticket.channel'),
  errorCode: (t) => t('timelineEvents.field.errorCode'),
  environment: (t) => t('timelineEvents.field.environment'),
  stepsTried: (t) => t('timelineEvents.field.stepsTried'),
  businessImpact: (t) => t('timelineEvents.field.businessImpact'),
  occurredAt: (t) => t('timelineEvents.field.occurredAt'),
  requesterId: (t) => t('ticket.requester'),
  organizationId: (t) => t('timelineEvents.field.organization'),
  tags: (t) => t('automationRules.ticketTags'),
  reopenCount: null,
  id: null,
  number: null,
  externalId: null,
  createdAt: null,
  updatedAt: null,
  resolvedAt: null,
  closedAt: null,
};

/** The fields a change line can name (the test checks every ticket column is one of them). */
export const TIMELINE_FIELDS: readonly string[] = Object.keys(FIELD_LABELS);

function valueLabel(t: TFunction, field: string, value: unknown, lookups: Lookups): string {
  if (value === null || value === undefined || value === '') return t('timeline.emptyValue');
  if (Array.isArray(value)) return value.length ? value.map(String).join(', ') : t('timeline.emptyValue');
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (isRecord(value)) {
    if (typeof value.name === 'string') return value.name;
    return t('timeline.emptyValue');
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
    case 'occurredAt':
      return lookups.formatTime(raw);
    case 'teamId':
    case 'team':
      return lookups.teamName(id) ?? raw;
    case 'assigneeId':
    case 'assignee':
    case 'requesterId':
      return lookups.userName(id) ?? raw;
    default:
      return raw;
  }
}

/** `{ field: { from, to } }`, possibly under a `changes` key: one readable line per field. */
export function describeChanges(t: TFunction, data: Record<string, unknown>, lookups: Lookups): string[] {
  const source = isRecord(data.changes) ? data.changes : data;
  const lines: string[] = [];
  for (const [field, change] of Object.entries(source)) {
    if (!isChange(change)) continue;
    const label = FIELD_LABELS[field];
    if (!label || !Object.hasOwn(FIELD_LABELS, field)) continue;
    lines.push(
      t('timeline.fieldChange', {
        field: label(t),
        from: valueLabel(t, field, change.from, lookups),
        to: valueLabel(t, field, change.to, lookups),
      }),
    );
  }
  return lines;
}

/** "#10001" from a number, "ID 7" from an id, for either end of a link. */
function ticketRef(number: unknown, id: unknown): string {
  if (typeof number === 'number') return `#${number}`;
  return typeof id === 'number' ? `ID ${id}` : '?';
}

function updated({ t, actor, data, lookups }: RenderContext): Sentence {
  const changes = isRecord(data.changes) ? data.changes : {};
  const status = isChange(changes.status) ? changes.status : undefined;
  const reopens = isChange(changes.reopenCount) ? Number(changes.reopenCount.to) : undefined;
  const lines = describeChanges(t, data, lookups);
  if (data.reason === 'requester_replied') lines.push(t('timeline.requesterReplied'));
  if (status?.from === 'resolved' && status.to === 'open') {
    // The status line says it again; the sentence counts the reopens instead of `reopenCount`.
    const rest = lines.filter((line) => !line.startsWith(t('ticket.status')));
    return {
      kind: 'change',
      title: t('timelineEvents.reopened', { actor, times: reopens ?? 1 }),
      changes: rest,
    };
  }
  return { kind: 'change', title: t('timeline.updated', { actor }), changes: lines };
}

function resolutionDetails(t: TFunction, data: Record<string, unknown>): string[] {
  const lines: string[] = [];
  const rootCause = str(data.rootCause);
  const actions = str(data.actions);
  const prevention = str(data.prevention);
  if (rootCause) lines.push(t('timelineEvents.rootCause', { text: rootCause }));
  if (actions) lines.push(t('timelineEvents.actions', { text: actions }));
  if (prevention) lines.push(t('timelineEvents.prevention', { text: prevention }));
  return lines;
}

function localized(value: unknown, locale: 'zh-CN' | 'en'): string | undefined {
  if (!isRecord(value)) return str(value);
  return str(value[locale]) ?? str(value.en) ?? str(value['zh-CN']);
}

/** The problem's title as the event recorded it. */
const problemTitle = (data: Record<string, unknown>): string =>
  isRecord(data.problem) ? (str(data.problem.title) ?? '') : '';

/** The runbook's name as the event recorded it. */
const runbookName = (data: Record<string, unknown>): string =>
  isRecord(data.runbook) ? (str(data.runbook.name) ?? '') : '';

const other = (title: string, extra: Partial<Sentence> = {}): Sentence => ({
  kind: 'other',
  title,
  ...extra,
});

/** The names of an approval event's people (`[{ id, name }]`), joined. */
const approverNames = (value: unknown): string =>
  Array.isArray(value)
    ? value
        .map((p) =>
          p && typeof p === 'object' && 'name' in p ? str((p as { name: unknown }).name) : undefined,
        )
        .filter(Boolean)
        .join(', ')
    : '';

/**
 * One sentence per kind of event that the audit log can hold for a ticket. A kind missing
 * here would fall to `fallback`, which still reads as a sentence; the timeline test lists the
 * kinds the server records and fails when one is missing here.
 */
export const TIMELINE_SENTENCES: Record<string, (ctx: RenderContext) => Sentence> = {
  'ticket.created': ({ t, actor, data }) => {
    const channel = str(data.channel);
    const title = channel
      ? t('timeline.createdVia', { actor, channel: t(`channel.${channel}`, { defaultValue: channel }) })
      : t('timeline.created', { actor });
    return { kind: 'created', title };
  },
  'ticket.updated': updated,
  'message.created': ({ t, actor, data }) => {
    const internal = data.internal === true;
    if (data.purpose === 'resolution_rejected') {
      return { kind: 'message', title: t('timelineEvents.notFixedMessage', { actor }), body: str(data.body) };
    }
    return {
      kind: internal ? 'internal' : 'message',
      title: internal ? t('timeline.internalNote', { actor }) : t('timeline.replied', { actor }),
      body: str(data.body),
    };
  },
  'link.created': (ctx) => linkSentence(ctx, 'timeline.linkCreated'),
  'link.deleted': (ctx) => linkSentence(ctx, 'timeline.linkDeleted'),
  'attachment.created': ({ t, actor, data }) => ({
    kind: 'attachment',
    title: t('timeline.attachment', { actor, name: str(data.filename) ?? str(data.name) ?? '' }),
  }),
  'triage.applied': ({ t, actor, data }) => {
    const applied = isRecord(data.applied) ? data.applied : {};
    const fields = Object.keys(applied)
      .map((field) => (Object.hasOwn(FIELD_LABELS, field) ? FIELD_LABELS[field]?.(t) : undefined))
      .filter((label): label is string => Boolean(label));
    return { kind: 'change', title: t('kb.timeline.triageApplied', { actor, fields: fields.join(', ') }) };
  },
  'triage.self_help_sent': ({ t, actor, data }) =>
    other(t('kb.timeline.selfHelp', { actor, title: str(data.title) ?? '' })),
  'kb.article_linked': ({ t, actor, data }) => ({
    kind: 'link',
    title: t('kb.timeline.articleLinked', { actor, title: str(data.title) ?? '' }),
  }),
  'kb.article_captured': ({ t, actor }) => other(t('kb.timeline.captured', { actor })),
  'kb.capture_overdue': ({ t }) => other(t('kb.timeline.captureOverdue')),
  'ticket.merged': ({ t, actor, data }) => ({
    kind: 'link',
    title: t('duplicates.timelineMerged', {
      actor,
      from: ticketRef(data.fromNumber, data.fromTicketId),
      to: ticketRef(data.intoNumber, data.intoTicketId),
    }),
  }),
  'problem.candidate_proposed': ({ t }) => other(t('kb.timeline.problemCandidate')),
  // Problems (issue 14): the incident joins or leaves a problem (staff only).
  'problem.ticket_linked': ({ t, actor, data }) =>
    other(t('problems.timeline.linked', { actor, title: problemTitle(data) })),
  'problem.ticket_unlinked': ({ t, actor, data }) =>
    other(t('problems.timeline.unlinked', { actor, title: problemTitle(data) })),
  'email.received': ({ t, data }) => other(t('channelsTimeline.email', { from: str(data.from) ?? '' })),
  'phone.call_logged': ({ t, actor, data }) =>
    other(
      t('channelsTimeline.call', {
        actor,
        caller: str(data.caller) ?? '',
        minutes: Math.round(Number(data.durationSeconds ?? 0) / 60),
      }),
    ),
  'chat.converted': ({ t, actor }) => other(t('channelsTimeline.chatConverted', { actor })),
  'chat.resolved_first_contact': ({ t, actor }) => other(t('channelsTimeline.chatResolved', { actor })),
  'callback.scheduled': ({ t, actor, data, lookups }) =>
    other(t('channelsTimeline.callbackScheduled', { actor, due: dueTime(lookups, data) })),
  'callback.done': ({ t, actor }) => other(t('channelsTimeline.callbackDone', { actor })),
  'callback.updated': ({ t, actor, data }) =>
    other(
      t('timelineEvents.callbackUpdated', {
        actor,
        status: t(`timelineEvents.callbackStatus.${str(data.status) ?? 'scheduled'}`, {
          defaultValue: t('timelineEvents.callbackStatus.scheduled'),
        }),
      }),
    ),
  'sla.warning': ({ t, data, lookups }) => slaSentence(t, data, lookups, 'slaTimeline.warning'),
  'sla.breached': ({ t, data, lookups }) => slaSentence(t, data, lookups, 'slaTimeline.breached'),
  'ticket.escalated': ({ t, actor, data }) => {
    const how = str(data.escalationKind) ?? 'functional';
    return {
      kind: 'change',
      title: t('slaTimeline.escalated', {
        actor,
        kind: t(`escalation.kindShort.${how}`, { defaultValue: t('escalation.kindShort.functional') }),
      }),
      changes: [systemText(t, str(data.reason)), str(data.tried)].filter((line): line is string =>
        Boolean(line),
      ),
    };
  },
  'ticket.nudged': ({ t, actor, data }) =>
    other(t('slaTimeline.nudged', { actor, ordinal: Number(data.ordinal ?? 1) }), {
      body: str(data.message),
    }),
  'ticket.routed': ({ t, data }) => ({
    kind: 'change',
    title: t('slaTimeline.routed', { rule: str(data.ruleName) ?? '' }),
  }),
  'vendor.handed_off': ({ t, actor, data }) =>
    other(
      t('slaTimeline.handedOff', {
        actor,
        vendor: isRecord(data.vendor) ? (str(data.vendor.name) ?? '') : '',
      }),
    ),
  'vendor.returned': ({ t, actor }) => other(t('slaTimeline.vendorReturned', { actor })),
  'sla.progress_update': ({ t, actor, data, lookups }) =>
    other(t('slaTimeline.progressUpdate', { actor }), {
      changes: str(data.expectedAt)
        ? [t('timelineEvents.expectedAt', { at: lookups.formatTime(str(data.expectedAt) ?? '') })]
        : [],
    }),
  'major_incident.linked': ({ t, actor, data }) => ({
    kind: 'link',
    title: t('slaTimeline.majorIncident', { actor, title: str(data.title) ?? '' }),
  }),
  'major_incident.declared': ({ t, actor, data }) =>
    other(t('timelineEvents.majorIncidentDeclared', { actor, title: str(data.title) ?? '' })),
  'resolution.recorded': ({ t, actor, data, lookups }) => ({
    kind: 'change',
    title: t('timelineEvents.resolved', {
      actor,
      how: localized(data.resolutionLabel, lookups.locale) ?? '',
    }),
    changes: resolutionDetails(t, data),
  }),
  'resolution.confirmed': ({ t, actor }) => other(t('timelineEvents.confirmed', { actor })),
  'resolution.rejected': ({ t, actor }) => other(t('timelineEvents.rejected', { actor })),
  // Remote assistance (issue 17): who, when, consent, how long.
  'remote.invited': ({ t, actor, data }) =>
    other(t('remoteAssist.timeline.invited', { actor }), { body: str(data.reason) }),
  'remote.consented': ({ t, actor, data }) =>
    other(
      t(
        data.recording === true
          ? 'remoteAssist.timeline.consentedRecording'
          : 'remoteAssist.timeline.consented',
        {
          actor,
        },
      ),
    ),
  'remote.declined': ({ t, actor, data }) =>
    other(
      data.callback === true
        ? t('remoteAssist.timeline.callback', { actor, phone: str(data.phone) ?? '' })
        : t('remoteAssist.timeline.declined', { actor }),
    ),
  'remote.paused': ({ t, actor }) => other(t('remoteAssist.timeline.paused', { actor })),
  'remote.resumed': ({ t, actor }) => other(t('remoteAssist.timeline.resumed', { actor })),
  'remote.ended': ({ t, actor, data }) => {
    const seconds = typeof data.durationSeconds === 'number' ? data.durationSeconds : null;
    return other(
      seconds === null
        ? t('remoteAssist.timeline.cancelled', { actor })
        : t('remoteAssist.timeline.ended', {
            actor,
            duration:
              seconds < 60
                ? t('remoteAssist.seconds', { count: Math.round(seconds) })
                : t('remoteAssist.minutes', { count: Math.round(seconds / 60) }),
          }),
    );
  },
  'remote.expired': ({ t }) => other(t('remoteAssist.timeline.expired')),
  // Runbooks (issue 13): requested, each failed attempt, the result with its output (staff only).
  'runbook.run_requested': ({ t, actor, data }) =>
    other(
      t(
        data.awaitingApproval === true
          ? 'runbooks.timeline.requestedApproval'
          : 'runbooks.timeline.requested',
        {
          actor,
          name: runbookName(data),
        },
      ),
    ),
  'runbook.run_cancelled': ({ t, data }) =>
    other(
      t(data.outcome === 'expired' ? 'runbooks.timeline.expired' : 'runbooks.timeline.rejected', {
        name: runbookName(data),
      }),
      { body: str(data.comment) },
    ),
  'runbook.attempt_failed': ({ t, data, lookups }) =>
    other(
      t('runbooks.timeline.attemptFailed', {
        name: runbookName(data),
        attempt: Number(data.attempt ?? 0),
        at: str(data.retryAt) ? lookups.formatTime(str(data.retryAt) ?? '') : '',
      }),
      { body: str(data.error) },
    ),
  'runbook.run_succeeded': ({ t, data }) =>
    other(
      t('runbooks.timeline.succeeded', {
        name: runbookName(data),
        status: Number(data.status ?? 0),
        ms: Number(data.durationMs ?? 0),
      }),
      { body: str(data.output) },
    ),
  'runbook.run_failed': ({ t, data }) =>
    other(t('runbooks.timeline.failed', { name: runbookName(data), attempts: Number(data.attempts ?? 0) }), {
      body: [str(data.error), str(data.output)].filter(Boolean).join('\n'),
    }),
  // Approvals (issue 13): asked of whom, each decision, the end.
  'approval.requested': ({ t, actor, data }) =>
    other(
      t('approvals.timeline.requested', {
        actor,
        title: str(data.title) ?? '',
        approvers: approverNames(data.approvers),
      }),
    ),
  'approval.voted': ({ t, actor, data }) =>
    other(
      t(data.decision === 'reject' ? 'approvals.timeline.rejectedBy' : 'approvals.timeline.approvedBy', {
        actor,
        title: str(data.title) ?? '',
      }),
      { body: str(data.comment) },
    ),
  'approval.decided': ({ t, data }) =>
    other(
      t(
        data.outcome === 'approved'
          ? 'approvals.timeline.approved'
          : data.outcome === 'expired'
            ? 'approvals.timeline.expired'
            : 'approvals.timeline.rejected',
        { title: str(data.title) ?? '' },
      ),
    ),
  'approval.reminded': ({ t, data }) =>
    other(t('approvals.timeline.reminded', { approvers: approverNames(data.approvers) })),
  'catalog.requested': ({ t, actor, data, lookups }) =>
    other(
      t(data.approvalId ? 'catalog.timeline.requestedApproval' : 'catalog.timeline.requested', {
        actor,
        item: isRecord(data.itemName) ? (str(data.itemName[lookups.locale]) ?? '') : '',
      }),
    ),
  'catalog.tasks_created': ({ t, actor, data }) => ({
    kind: 'other',
    title: t('catalog.timeline.tasksCreated', {
      actor,
      count: Array.isArray(data.tasks) ? data.tasks.length : 0,
    }),
    changes: Array.isArray(data.tasks)
      ? data.tasks.map((task) => (isRecord(task) ? (str(task.title) ?? '') : ''))
      : [],
  }),
  'catalog.task_done': ({ t, actor, data }) =>
    other(t('catalog.timeline.taskDone', { actor, title: str(data.title) ?? '' })),
  'catalog.guide_sent': ({ t, actor, data, lookups }) =>
    other(
      t('catalog.timeline.guideSent', {
        actor,
        item: isRecord(data.itemName) ? (str(data.itemName[lookups.locale]) ?? '') : '',
      }),
    ),
  'catalog.request_fulfilled': ({ t }) => other(t('catalog.timeline.fulfilled')),
  'catalog.request_rejected': ({ t, data }) =>
    other(
      t(data.outcome === 'expired' ? 'catalog.timeline.expired' : 'catalog.timeline.rejected', {
        reason: str(data.comment) ?? '—',
      }),
    ),
  'resolution.verified_by_monitoring': ({ t, actor }) =>
    other(t('timelineEvents.verifiedByMonitoring', { actor })),
  'alert.flapped': ({ t, data }) => other(t('timelineEvents.alertFlapped', { title: str(data.title) ?? '' })),
  'resolution.auto_closed': ({ t, data }) =>
    other(t('timelineEvents.autoClosed', { days: Number(data.days ?? 0) })),
  'survey.csat_answered': ({ t, actor, data }) =>
    other(t('timelineEvents.csatAnswered', { actor, score: Number(data.score ?? 0) }), {
      body: str(data.comment),
    }),
  'survey.followup_opened': ({ t, data }) =>
    other(t('timelineEvents.followupOpened', { score: Number(data.score ?? 0) })),
  'survey.followup_closed': ({ t, actor, data }) =>
    other(t('timelineEvents.followupClosed', { actor }), { body: str(data.note) }),
  'survey.callback_recorded': ({ t, actor, data }) =>
    other(t('timelineEvents.surveyCallback', { actor }), { body: str(data.note) }),
  'automation.rule_ran': ({ t, actor, data }) => {
    const actions = Array.isArray(data.actions) ? data.actions.filter(isRecord) : [];
    return other(
      t(data.outcome === 'failed' ? 'automationRules.timeline.failed' : 'automationRules.timeline.ran', {
        actor,
        name: str(data.name) ?? '',
      }),
      {
        changes: actions.map((action) =>
          t('automationRules.timeline.action', {
            action: t(`automationRules.action.${str(action.type) ?? ''}`, {
              defaultValue: t('automationRules.action.unknown'),
            }),
            outcome: t(`automationRules.actionOutcome.${str(action.outcome) ?? ''}`, {
              defaultValue: t('automationRules.actionOutcome.unknown'),
            }),
          }),
        ),
      },
    );
  },
  'automation.loop_stopped': ({ t, data }) =>
    other(
      t(
        data.reason === 'rate'
          ? 'automationRules.timeline.stoppedRate'
          : 'automationRules.timeline.stoppedDepth',
        {
          name: str(data.name) ?? '',
        },
      ),
    ),
};

function linkSentence(
  { t, actor, data }: RenderContext,
  key: 'timeline.linkCreated' | 'timeline.linkDeleted',
) {
  const kind = str(data.kind);
  const label = kind ? t(`linkKind.${kind}`, { defaultValue: t('linkKind.related') }) : '';
  const from = ticketRef(data.fromNumber, data.fromTicketId);
  const to = ticketRef(data.toNumber, data.toTicketId);
  return { kind: 'link' as const, title: t(key, { actor, kind: label, from, to }) };
}

const dueTime = (lookups: Lookups, data: Record<string, unknown>): string => {
  const due = str(data.dueAt);
  return due ? lookups.formatTime(due) : '—';
};

function slaSentence(
  t: TFunction,
  data: Record<string, unknown>,
  lookups: Lookups,
  key: 'slaTimeline.warning' | 'slaTimeline.breached',
): Sentence {
  const clock = str(data.clock) ?? 'resolution';
  return other(
    t(key, {
      clock: t(`sla.clock.${clock}`, { defaultValue: t('sla.clock.resolution') }),
      due: dueTime(lookups, data),
    }),
  );
}

/** A kind this version does not know (an event from a newer server): a sentence, never its code. */
function fallback({ t, actor, data, lookups }: RenderContext): Sentence {
  return {
    kind: 'other',
    title: t('timelineEvents.unknown', { actor }),
    changes: describeChanges(t, data, lookups),
  };
}

export function describeEvent(t: TFunction, event: TimelineEventDto, lookups: Lookups): TimelineEntry {
  const actor = event.actor?.name ?? t('timeline.system');
  const render = Object.hasOwn(TIMELINE_SENTENCES, event.kind) ? TIMELINE_SENTENCES[event.kind] : undefined;
  const sentence = (render ?? fallback)({ t, actor, data: event.data, lookups, kind: event.kind });
  return { id: event.id, at: event.at, changes: [], ...sentence };
}
