import type { z } from 'zod';
import {
  type ConditionField,
  type ConditionOp,
  type CreateRuleInput,
  FIELD_KINDS,
  type RuleAction,
  type RuleDto,
  type RuleEvent,
  type RuleSchedule,
  SCHEDULE_UNITS,
  type ScheduleUnit,
} from '../../../../contracts/automation.ts';

/** One condition as the form holds it: a list value for `in`, text for the rest. */
export type ConditionValues = { field: ConditionField; op: ConditionOp; value?: string | string[] | number };

/** One action as the form holds it: every parameter any action type takes, flat. */
export type ActionValues = {
  type: RuleAction['type'];
  tag?: string;
  teamId?: number;
  agentId?: number;
  priority?: 'P1' | 'P2' | 'P3' | 'P4';
  reason?: string;
  status?: string;
  zh?: string;
  en?: string;
  body?: string;
  kind?: 'functional' | 'hierarchical';
  toTeamId?: number;
  userIds?: string[];
  runbookId?: number;
};

export type RuleFormValues = {
  name: string;
  enabled: boolean;
  /** A ticket event, or `schedule` (with the status and the hours below). */
  event: RuleEvent | 'schedule';
  scheduleStatus?: string;
  /** How long, in `forUnit`: wall-clock hours, business hours or business days. */
  forHours?: number;
  forUnit?: ScheduleUnit;
  /** The business calendar of business hours and days. */
  calendarId?: number;
  position: number;
  mode: 'all' | 'any';
  conditions: ConditionValues[];
  actions: ActionValues[];
};

export const EMPTY_RULE: RuleFormValues = {
  name: '',
  enabled: true,
  event: 'ticket.created',
  position: 0,
  mode: 'all',
  conditions: [],
  actions: [{ type: 'add_tag' }],
};

const isList = (op: ConditionOp) => op === 'in' || op === 'not_in';

function conditionValue(condition: ConditionValues): string | number | (string | number)[] | undefined {
  if (condition.op === 'is_empty') return undefined;
  const kind = FIELD_KINDS[condition.field];
  const one = (value: unknown) => (kind === 'id' ? Number(value) : String(value ?? '').trim());
  if (isList(condition.op)) {
    const values = Array.isArray(condition.value) ? condition.value : [condition.value];
    return values.filter((v) => v !== undefined && v !== '').map(one);
  }
  return one(Array.isArray(condition.value) ? condition.value[0] : condition.value);
}

function action(values: ActionValues): z.input<typeof CreateRuleInput>['actions'][number] {
  switch (values.type) {
    case 'add_tag':
      return { type: 'add_tag', tag: values.tag ?? '' };
    case 'assign_team':
      return { type: 'assign_team', teamId: values.teamId ?? 0 };
    case 'assign_agent':
      return { type: 'assign_agent', agentId: values.agentId ?? 0 };
    case 'set_priority':
      return { type: 'set_priority', priority: values.priority ?? 'P3', reason: values.reason ?? '' };
    case 'set_status':
      return { type: 'set_status', status: (values.status ?? 'open') as never };
    case 'reply':
      return { type: 'reply', template: { 'zh-CN': values.zh ?? '', en: values.en ?? '' } };
    case 'internal_note':
      return { type: 'internal_note', body: values.body ?? '' };
    case 'escalate':
      return {
        type: 'escalate',
        kind: values.kind ?? 'functional',
        reason: values.reason ?? '',
        ...(values.toTeamId ? { toTeamId: values.toTeamId } : {}),
      };
    case 'notify':
      return {
        type: 'notify',
        userIds: (values.userIds ?? []).map(Number),
        message: { 'zh-CN': values.zh ?? '', en: values.en ?? '' },
      };
    case 'run_runbook':
      return { type: 'run_runbook', runbookId: values.runbookId ?? 0 };
  }
}

/** The API body of the form (the server validates it and names the field at fault). */
export function toRuleInput(values: RuleFormValues): z.input<typeof CreateRuleInput> {
  const conditions = (values.conditions ?? []).map((c) => {
    const value = conditionValue(c);
    return { field: c.field, op: c.op, ...(value === undefined ? {} : { value }) };
  });
  return {
    name: values.name,
    enabled: values.enabled,
    position: values.position ?? 0,
    trigger:
      values.event === 'schedule'
        ? {
            schedule: {
              status: (values.scheduleStatus ?? 'pending_requester') as 'pending_requester',
              [values.forUnit ?? 'forHours']: values.forHours ?? 0,
              ...((values.forUnit ?? 'forHours') !== 'forHours' && values.calendarId !== undefined
                ? { calendarId: values.calendarId }
                : {}),
            },
          }
        : { event: values.event },
    conditions: values.mode === 'any' ? { any: conditions } : { all: conditions },
    actions: (values.actions ?? []).map(action),
  };
}

/** A stored schedule's amount, unit and calendar as form values. */
function scheduleAmount(schedule: RuleSchedule): Pick<RuleFormValues, 'forHours' | 'forUnit' | 'calendarId'> {
  const unit = SCHEDULE_UNITS.find((u) => schedule[u] !== undefined) ?? 'forHours';
  return {
    forHours: schedule[unit],
    forUnit: unit,
    ...(schedule.calendarId === undefined ? {} : { calendarId: schedule.calendarId }),
  };
}

/** A stored rule as form values. */
export function fromRule(rule: RuleDto): RuleFormValues {
  const mode = 'any' in rule.conditions ? 'any' : 'all';
  const list = 'any' in rule.conditions ? rule.conditions.any : rule.conditions.all;
  return {
    name: rule.name,
    enabled: rule.enabled,
    ...('event' in rule.trigger
      ? { event: rule.trigger.event }
      : {
          event: 'schedule' as const,
          scheduleStatus: rule.trigger.schedule.status,
          ...scheduleAmount(rule.trigger.schedule),
        }),
    position: rule.position,
    mode,
    conditions: list.map((c) => ({
      field: c.field,
      op: c.op,
      ...(c.value === undefined
        ? {}
        : {
            value: Array.isArray(c.value)
              ? c.value.map(String)
              : FIELD_KINDS[c.field] === 'id'
                ? Number(c.value)
                : String(c.value),
          }),
    })),
    actions: rule.actions.map((a): ActionValues => {
      switch (a.type) {
        case 'reply':
          return { type: a.type, zh: a.template['zh-CN'], en: a.template.en };
        case 'notify':
          return { type: a.type, userIds: a.userIds.map(String), zh: a.message['zh-CN'], en: a.message.en };
        default:
          return { ...a } as ActionValues;
      }
    }),
  };
}

/**
 * Maps the server's `field` (`conditions.all.0.value`, `actions.1.tag`) to the form's field
 * (`['conditions', 0, 'value']`, `['actions', 1, 'tag']`), so that the error shows beside it.
 */
export function formField(field: string): (string | number)[] | null {
  const parts = field.split('.');
  const top = parts[0];
  if (top === 'trigger')
    return SCHEDULE_UNITS.some((unit) => parts.includes(unit))
      ? ['forHours']
      : parts.includes('calendarId')
        ? ['calendarId']
        : parts.includes('status')
          ? ['scheduleStatus']
          : ['event'];
  if (top === 'name' || top === 'position' || top === 'enabled') return [top];
  if (top === 'conditions') {
    const index = Number(parts[2]);
    if (Number.isNaN(index)) return ['mode'];
    return ['conditions', index, parts[3] ?? 'field'];
  }
  if (top === 'actions') {
    const index = Number(parts[1]);
    if (Number.isNaN(index)) return null;
    const key = parts[2] ?? 'type';
    const mapped = key === 'template' || key === 'message' ? (parts[3] === 'en' ? 'en' : 'zh') : key;
    return ['actions', index, mapped];
  }
  return null;
}
