import { z } from 'zod';
import { id } from './shared.ts';

const RuleRef = { ruleId: id, name: z.string() };

/** Automation rules (issue 13). */
export const AUTOMATION_EVENTS = {
  'automation.rule_created': { v: 1, data: z.object({ ...RuleRef, event: z.string() }) },
  'automation.rule_updated': { v: 1, data: z.object({ ...RuleRef, fields: z.array(z.string()) }) },
  'automation.rule_deleted': { v: 1, data: z.object(RuleRef) },
  /** A rule ran on a ticket (on its timeline): the actions in order, with their outcome. */
  'automation.rule_ran': {
    v: 1,
    data: z.object({
      ...RuleRef,
      runId: id,
      trigger: z.string(),
      outcome: z.enum(['applied', 'failed']),
      actions: z.array(z.object({ type: z.string(), outcome: z.string() })),
      /** The desk's own work: not on the requester's timeline. */
      internal: z.literal(true),
    }),
  },
  /** The loop guard stopped a rule on a ticket (`depth`: nested too deep; `rate`: too often). */
  'automation.loop_stopped': {
    v: 1,
    data: z.object({
      ...RuleRef,
      runId: id,
      trigger: z.string(),
      reason: z.enum(['depth', 'rate']),
      internal: z.literal(true),
    }),
  },
} as const;
