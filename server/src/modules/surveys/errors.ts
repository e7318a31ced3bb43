import type { ErrorEntry } from '../../platform/http/errors.ts';

/** The surveys module's error codes: status, and the message in both interface languages. */
export const surveyErrors = {
  'survey.invalid_token': {
    status: 404,
    en: 'This survey link is not valid.',
    zh: '该评价链接无效。',
  },
  'survey.expired': { status: 410, en: 'This survey link has expired.', zh: '该评价链接已过期。' },
  'survey.already_answered': {
    status: 409,
    en: 'This survey has already been answered. Thank you!',
    zh: '该评价已提交过，感谢您的反馈！',
  },
  'survey.not_available': {
    status: 404,
    en: 'There is no satisfaction survey for this ticket yet.',
    zh: '该工单暂无满意度评价。',
  },
  'survey.not_requester': {
    status: 403,
    en: 'Only the requester of the ticket can rate it.',
    zh: '只有工单的提交人可以进行评价。',
  },
  'survey.followup_not_found': { status: 404, en: 'Follow-up not found.', zh: '回访任务不存在。' },
  'survey.followup_closed': { status: 409, en: 'This follow-up is closed.', zh: '该回访任务已关闭。' },
  'survey.campaign_not_found': { status: 404, en: 'NPS campaign not found.', zh: 'NPS 调查不存在。' },
  'survey.campaign_closed': { status: 409, en: 'This NPS campaign is closed.', zh: '该 NPS 调查已结束。' },
  'survey.no_recipients': {
    status: 400,
    en: 'The chosen people and organisations include no active requester.',
    zh: '所选人员和组织中没有可接收调查的提交人。',
  },
} as const satisfies Record<string, ErrorEntry>;

type SurveyErrors = typeof surveyErrors;

declare module '../../platform/http/errors.ts' {
  interface ErrorCodes extends SurveyErrors {}
}
