import type { ErrorEntry } from '../../platform/http/errors.ts';

/** The identity module's error codes: status, and the message in both interface languages. */
export const identityErrors = {
  'auth.invalid_credentials': { status: 401, en: 'Email or password is wrong.', zh: '邮箱或密码错误。' },
  'auth.too_many_attempts': {
    status: 429,
    en: 'Too many sign-in attempts; try again in {minutes} minutes.',
    zh: '登录尝试次数过多，请在 {minutes} 分钟后重试。',
  },
  'user.email_taken': { status: 409, en: 'A user with this email exists.', zh: '该邮箱已被使用。' },
  'user.not_found': { status: 404, en: 'User not found.', zh: '用户不存在。' },
  'user.manager_invalid': {
    status: 400,
    en: 'The manager must be another active person.',
    zh: '上级主管必须是其他有效用户。',
  },
  'team.lead_invalid': {
    status: 400,
    en: 'The team lead must be an active member of staff.',
    zh: '团队负责人必须是有效的服务台人员。',
  },
  'team.name_taken': { status: 409, en: 'A team with this name exists.', zh: '团队名称已存在。' },
  'team.not_found': { status: 404, en: 'Team not found.', zh: '团队不存在。' },
  'organization.name_taken': {
    status: 409,
    en: 'An organisation with this name exists.',
    zh: '组织名称已存在。',
  },
  'organization.not_found': { status: 404, en: 'Organisation not found.', zh: '组织不存在。' },
} as const satisfies Record<string, ErrorEntry>;

type IdentityErrors = typeof identityErrors;

declare module '../../platform/http/errors.ts' {
  interface ErrorCodes extends IdentityErrors {}
}
