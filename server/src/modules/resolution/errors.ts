import type { ErrorEntry } from '../../platform/http/errors.ts';

/** The resolution module's error codes: status, and the message in both interface languages. */
export const resolutionErrors = {
  'resolution.code_invalid': {
    status: 400,
    en: 'Unknown or retired resolution code.',
    zh: '解决代码不存在或已停用。',
  },
  'resolution.code_exists': { status: 409, en: 'This resolution code exists.', zh: '该解决代码已存在。' },
  'resolution.code_not_found': { status: 404, en: 'Resolution code not found.', zh: '解决代码不存在。' },
  'resolution.not_resolvable': {
    status: 409,
    en: 'A ticket that is {status} cannot be resolved.',
    zh: '处于“{status}”状态的工单不能标记为已解决。',
  },
  'resolution.not_resolved': {
    status: 409,
    en: 'The ticket is not waiting for confirmation (it is {status}).',
    zh: '工单当前不在待确认状态（当前为“{status}”）。',
  },
  'resolution.not_requester': {
    status: 403,
    en: 'Only the requester of the ticket can confirm its resolution.',
    zh: '只有工单的提交人可以确认解决结果。',
  },
  'resolution.reason_required': {
    status: 400,
    en: 'Tell the desk what still does not work.',
    zh: '请说明仍未解决的问题。',
  },
  'resolution.invalid_timezone': { status: 400, en: 'Unknown time zone.', zh: '无效的时区。' },
} as const satisfies Record<string, ErrorEntry>;

type ResolutionErrors = typeof resolutionErrors;

declare module '../../platform/http/errors.ts' {
  interface ErrorCodes extends ResolutionErrors {}
}
