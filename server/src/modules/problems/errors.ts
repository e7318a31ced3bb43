import type { ErrorEntry } from '../../platform/http/errors.ts';

/** The problems module's error codes (issue 14): status, and the message in both interface languages. */
export const problemErrors = {
  'problem.not_found': {
    status: 400,
    en: 'Problem {id} does not exist.',
    zh: '问题 {id} 不存在。',
  },
  'problem.missing': {
    status: 404,
    en: 'Problem not found.',
    zh: '问题不存在。',
  },
  'problem.invalid_transition': {
    status: 409,
    en: 'A problem cannot move from "{from}" to "{to}".',
    zh: '问题不能从“{from}”变为“{to}”。',
  },
  'problem.closed': {
    status: 409,
    en: 'This problem is closed and can no longer be changed.',
    zh: '该问题已关闭，无法再修改。',
  },
  'problem.ticket_not_found': {
    status: 400,
    en: 'Ticket {id} does not exist.',
    zh: '工单 {id} 不存在。',
  },
  'problem.ticket_not_incident': {
    status: 400,
    en: 'Ticket #{number} is not an incident; only incidents are linked to problems.',
    zh: '工单 #{number} 不是故障工单，只有故障工单可以关联到问题。',
  },
  'problem.ticket_linked_elsewhere': {
    status: 409,
    en: 'Ticket #{number} is already linked to problem {problemId}.',
    zh: '工单 #{number} 已关联到问题 {problemId}。',
  },
  'problem.ticket_not_linked': {
    status: 404,
    en: 'This ticket is not linked to this problem.',
    zh: '该工单未关联到此问题。',
  },
  'problem.owner_invalid': {
    status: 400,
    en: 'The owner must be an active staff member.',
    zh: '负责人必须是在职的服务台人员。',
  },
  'problem.candidate_taken': {
    status: 409,
    en: 'This problem candidate was already {status}.',
    zh: '该问题候选已被处理（{status}）。',
  },
  'problem.known_error_incomplete': {
    status: 409,
    en: 'A known error needs a root cause and a workaround first.',
    zh: '发布已知错误前，请先填写根本原因和临时解决方案。',
  },
} as const satisfies Record<string, ErrorEntry>;

type ProblemErrors = typeof problemErrors;

declare module '../../platform/http/errors.ts' {
  interface ErrorCodes extends ProblemErrors {}
}
