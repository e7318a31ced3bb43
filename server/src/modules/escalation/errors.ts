import type { ErrorEntry } from '../../platform/http/errors.ts';

/** The escalation module's error codes: status, and the message in both interface languages. */
export const escalationErrors = {
  'escalation.no_next_tier': {
    status: 409,
    en: 'No next tier is set for this team; choose a team.',
    zh: '该团队未设置上一级支持团队，请选择目标团队。',
  },
  'escalation.same_team': {
    status: 400,
    en: 'The ticket is already with this team.',
    zh: '工单已在该团队。',
  },
  'nudge.requester_only': {
    status: 403,
    en: 'Only the requester can nudge a ticket.',
    zh: '只有请求人可以催办工单。',
  },
  'nudge.too_soon': {
    status: 429,
    en: 'You can nudge a ticket once an hour; try again after {retryAt}.',
    zh: '每小时只能催办一次，请在 {retryAt} 之后再试。',
  },
  'nudge.ticket_not_open': {
    status: 409,
    en: 'Only an open ticket can be nudged.',
    zh: '只能催办处理中的工单。',
  },
  'major_incident.not_found': { status: 404, en: 'Major incident not found.', zh: '重大事件不存在。' },
  'major_incident.resolved': {
    status: 409,
    en: 'The major incident is already resolved.',
    zh: '该重大事件已解决。',
  },
} as const satisfies Record<string, ErrorEntry>;

type EscalationErrors = typeof escalationErrors;

declare module '../../platform/http/errors.ts' {
  interface ErrorCodes extends EscalationErrors {}
}
