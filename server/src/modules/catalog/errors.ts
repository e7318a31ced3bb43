import type { ErrorEntry } from '../../platform/http/errors.ts';

/** The catalog module's error codes: status, and the message in both interface languages. */
export const catalogErrors = {
  'catalog.item_not_found': { status: 404, en: 'Catalog item not found.', zh: '服务目录项不存在。' },
  'catalog.invalid_definition': {
    status: 400,
    en: 'The catalog item is not valid: {reason}',
    zh: '服务目录项定义无效：{reasonZh}',
  },
  'catalog.invalid_answer': {
    status: 400,
    en: 'The answer to "{label}" is not valid: {reason}',
    zh: '“{labelZh}”的填写无效：{reasonZh}',
  },
  'catalog.item_in_use': {
    status: 409,
    en: 'This item has sub-items or requests; unpublish it instead.',
    zh: '该服务目录项下有子项或已有申请，请改为下架。',
  },
  'catalog.task_not_found': { status: 404, en: 'Task not found.', zh: '任务不存在。' },
  'catalog.task_not_open': {
    status: 409,
    en: 'This task is {status}: only an open task can be marked done.',
    zh: '该任务当前为“{status}”，只有进行中的任务可以标记完成。',
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
