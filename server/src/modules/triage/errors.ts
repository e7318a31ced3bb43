import type { ErrorEntry } from '../../platform/http/errors.ts';

/** The triage module's error codes: status, and the message in both interface languages. */
export const triageErrors = {
  'triage.no_model': {
    status: 409,
    en: 'Triage has not been trained yet: there are no resolved tickets to learn from.',
    zh: '自动分派尚未训练：没有可供学习的已解决工单。',
  },
  'triage.candidate_not_found': { status: 404, en: 'Problem candidate not found.', zh: '问题候选不存在。' },
  'triage.merge_invalid': {
    status: 409,
    en: 'This ticket cannot be merged there: it is the same ticket, or one of them is already closed or cancelled.',
    zh: '无法合并：目标是同一工单，或其中一个工单已关闭或已取消。',
  },
} as const satisfies Record<string, ErrorEntry>;

type TriageErrors = typeof triageErrors;

declare module '../../platform/http/errors.ts' {
  interface ErrorCodes extends TriageErrors {}
}
