import type { ErrorEntry } from '../../platform/http/errors.ts';

/** The remote module's error codes: status, and the message in both interface languages. */
export const remoteErrors = {
  'remote.not_found': {
    status: 404,
    en: 'Remote assistance session not found.',
    zh: '远程协助会话不存在。',
  },
  'remote.not_party': {
    status: 403,
    en: 'Only the agent who invited and the requester take part in this session.',
    zh: '只有发起邀请的服务台人员和请求人可以参与此会话。',
  },
  'remote.requester_only': {
    status: 403,
    en: 'Only the requester of the ticket can answer this invitation.',
    zh: '只有工单的请求人可以回应此邀请。',
  },
  'remote.invalid_state': {
    status: 409,
    en: 'The remote assistance session is {status}; this cannot be done now.',
    zh: '远程协助会话当前为“{status}”状态，无法执行此操作。',
  },
  'remote.recording_not_allowed': {
    status: 403,
    en: 'The requester did not agree to a recording of this session.',
    zh: '请求人未同意录制本次会话。',
  },
  'remote.ticket_closed': {
    status: 409,
    en: 'The ticket is closed; remote assistance cannot be started on it.',
    zh: '工单已关闭，无法发起远程协助。',
  },
} as const satisfies Record<string, ErrorEntry>;

type RemoteErrors = typeof remoteErrors;

declare module '../../platform/http/errors.ts' {
  interface ErrorCodes extends RemoteErrors {}
}
