import type { ErrorEntry } from '../../platform/http/errors.ts';

/** The routing module's error codes: status, and the message in both interface languages. */
export const routingErrors = {
  'routing.rule_not_found': { status: 404, en: 'Routing rule not found.', zh: '分派规则不存在。' },
  'routing.shift_not_found': { status: 404, en: 'Duty shift not found.', zh: '值班记录不存在。' },
  'routing.next_team_invalid': {
    status: 400,
    en: 'A team cannot escalate to itself.',
    zh: '团队不能升级到自身。',
  },
} as const satisfies Record<string, ErrorEntry>;

type RoutingErrors = typeof routingErrors;

declare module '../../platform/http/errors.ts' {
  interface ErrorCodes extends RoutingErrors {}
}
