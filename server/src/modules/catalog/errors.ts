import type { ErrorEntry } from '../../platform/http/errors.ts';

/** The catalog module's error codes: status, and the message in both interface languages. */
export const catalogErrors = {
  'catalog.item_not_found': { status: 404, en: 'Catalog item not found.', zh: '服务目录项不存在。' },
  'catalog.item_in_use': {
    status: 409,
    en: 'This item has sub-items or requests; unpublish it instead.',
    zh: '该服务目录项下有子项或已有申请，请改为下架。',
  },
  // A bad item definition (400, nothing saved); `field` names the place.
  'catalog.duplicate_key': {
    status: 400,
    en: 'The field key "{key}" is used twice.',
    zh: '字段键“{key}”重复。',
  },
  'catalog.options_required': {
    status: 400,
    en: 'The choice field "{key}" needs options.',
    zh: '选择字段“{key}”需要设置选项。',
  },
  'catalog.options_not_allowed': {
    status: 400,
    en: 'Only choice fields take options ("{key}" does not).',
    zh: '只有选择字段可以设置选项（“{key}”不可以）。',
  },
  'catalog.option_repeated': {
    status: 400,
    en: 'The option "{value}" is listed twice.',
    zh: '选项“{value}”重复。',
  },
  'catalog.show_if_unknown': {
    status: 400,
    en: 'The display condition points at "{key}", which is not a field before this one.',
    zh: '显示条件引用的“{key}”不是此前的字段。',
  },
  'catalog.show_if_value': {
    status: 400,
    en: '"{value}" is not an option of "{key}".',
    zh: '“{value}”不是“{key}”的选项。',
  },
  'catalog.attachment_required': {
    status: 400,
    en: 'An attachment field cannot be required: files are added to the ticket once it is open.',
    zh: '附件字段不能设为必填：附件在工单创建后上传到工单。',
  },
  'catalog.parent_invalid': {
    status: 400,
    en: 'The parent item does not exist or would contain this item.',
    zh: '上级服务目录项不存在，或会形成循环。',
  },
  'catalog.approver_invalid': {
    status: 400,
    en: 'Approver {id} is not an active user or is listed twice.',
    zh: '审批人 {id} 不是有效用户或重复。',
  },
  'catalog.team_invalid': { status: 400, en: 'Team {id} does not exist.', zh: '团队 {id} 不存在。' },
  'catalog.sla_policy_invalid': { status: 400, en: 'No such SLA policy.', zh: 'SLA 策略不存在。' },
  'catalog.article_invalid': { status: 400, en: 'No such knowledge article.', zh: '知识库文章不存在。' },
  // A bad answer to a request's form (400, nothing written); `field` is `answers.<key>`.
  'catalog.answer_required': { status: 400, en: 'Please answer this field.', zh: '此项为必填。' },
  'catalog.answer_unknown': {
    status: 400,
    en: 'The form has no field "{key}".',
    zh: '表单中没有字段“{key}”。',
  },
  'catalog.answer_text': {
    status: 400,
    en: 'One line of text, at most 2,000 characters.',
    zh: '请填写单行文本，最多 2000 字。',
  },
  'catalog.answer_option': {
    status: 400,
    en: 'Pick from the options offered.',
    zh: '请从给出的选项中选择。',
  },
  'catalog.answer_date': {
    status: 400,
    en: 'A date as YYYY-MM-DD that exists.',
    zh: '请填写有效日期（YYYY-MM-DD）。',
  },
  'catalog.answer_number': { status: 400, en: 'A number is expected.', zh: '请填写数字。' },
  'catalog.answer_user': { status: 400, en: 'An active user is expected.', zh: '请填写有效的用户。' },
  'catalog.answer_attachment': {
    status: 400,
    en: 'Upload the file to the ticket after sending the request.',
    zh: '请在提交申请后将文件上传到工单。',
  },
  'catalog.task_not_found': { status: 404, en: 'Task not found.', zh: '任务不存在。' },
  'catalog.task_not_open': {
    status: 409,
    en: 'This task is {status}: only an open task can be marked done.',
    zh: '该任务当前为“{status}”，只有进行中的任务可以标记完成。',
  },
  'catalog.self_help_not_offered': {
    status: 409,
    en: 'This ticket was not answered with a self-help guide.',
    zh: '该工单没有收到自助指南答复。',
  },
  'catalog.self_help_not_requester': {
    status: 403,
    en: 'Only the requester can confirm that the guide solved the problem.',
    zh: '只有请求人可以确认自助指南已解决问题。',
  },
  'catalog.self_help_done': {
    status: 409,
    en: 'This ticket is {status}: it can no longer be confirmed as solved by the guide.',
    zh: '该工单当前为“{status}”，无法再确认由自助指南解决。',
  },
  'catalog.task_forbidden': {
    status: 403,
    en: "Only the task team's agents or an administrator can finish this task.",
    zh: '只有任务所属团队的坐席或管理员可以完成此任务。',
  },
} as const satisfies Record<string, ErrorEntry>;

type CatalogErrors = typeof catalogErrors;

declare module '../../platform/http/errors.ts' {
  interface ErrorCodes extends CatalogErrors {}
}
