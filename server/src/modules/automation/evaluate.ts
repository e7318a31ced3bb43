import {
  type ConditionResult,
  FIELD_KINDS,
  type RuleCondition,
  type RuleConditions,
} from '../../../../contracts/automation.ts';

/** What the conditions read of a ticket (from its DTO; `text` is subject and description). */
export interface TicketFacts {
  subject: string;
  description: string;
  status: string;
  priority: string;
  type: string;
  channel: string;
  impact: string;
  urgency: string;
  category: string | null;
  tags: readonly string[];
  requesterId: number;
  requesterEmail: string;
  organizationId: number | null;
  teamId: number | null;
  assigneeId: number | null;
  /** Who made the change the rules run for (`system` for SLA timers and the like). */
  changedBy: 'requester' | 'staff' | 'automation' | 'system';
}

function actualOf(facts: TicketFacts, field: RuleCondition['field']): unknown {
  if (field === 'text') return `${facts.subject}\n${facts.description}`;
  return facts[field];
}

const lower = (value: unknown) => String(value).toLocaleLowerCase();

/** One condition against the facts; text compares ignoring case (Chinese is unaffected). */
export function evaluateCondition(condition: RuleCondition, facts: TicketFacts): boolean {
  const actual = actualOf(facts, condition.field);
  const kind = FIELD_KINDS[condition.field];
  const { value } = condition;
  switch (condition.op) {
    case 'is_empty':
      return kind === 'tags' ? (actual as string[]).length === 0 : actual === null || actual === '';
    case 'contains':
    case 'not_contains': {
      const has =
        kind === 'tags'
          ? (actual as string[]).includes(lower(value))
          : actual !== null && lower(actual).includes(lower(value));
      return condition.op === 'contains' ? has : !has;
    }
    case 'eq':
    case 'neq': {
      const same = kind === 'text' ? actual !== null && lower(actual) === lower(value) : actual === value;
      return condition.op === 'eq' ? same : !same;
    }
    case 'in':
    case 'not_in': {
      const found = Array.isArray(value) && (value as unknown[]).includes(actual);
      return condition.op === 'in' ? found : !found;
    }
  }
}

/** Whether the conditions hold (short-circuit: the engine's fast path). */
export function conditionsHold(conditions: RuleConditions, facts: TicketFacts): boolean {
  if ('all' in conditions) return conditions.all.every((c) => evaluateCondition(c, facts));
  return conditions.any.some((c) => evaluateCondition(c, facts));
}

/** Every condition with what the ticket had and whether it matched: for the run log and dry runs. */
export function explainConditions(
  conditions: RuleConditions,
  facts: TicketFacts,
): { matched: boolean; results: ConditionResult[] } {
  const list = 'all' in conditions ? conditions.all : conditions.any;
  const results = list.map((c) => ({
    field: c.field,
    op: c.op,
    value: c.value ?? null,
    actual: actualOf(facts, c.field),
    matched: evaluateCondition(c, facts),
  }));
  const matched = 'all' in conditions ? results.every((r) => r.matched) : results.some((r) => r.matched);
  return { matched, results };
}
