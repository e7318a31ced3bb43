import type { ErrorEntry } from '../../platform/http/errors.ts';

/** The knowledge module's error codes: status, and the message in both interface languages. */
export const knowledgeErrors = {
  'kb.article_not_found': { status: 404, en: 'Article not found.', zh: '知识库文章不存在。' },
  'kb.invalid_transition': {
    status: 409,
    en: 'An article cannot go from {from} to {to}.',
    zh: '文章状态不能从 {from} 变为 {to}。',
  },
  'kb.version_not_found': { status: 404, en: 'Article version not found.', zh: '文章版本不存在。' },
  'kb.ticket_not_resolved': {
    status: 409,
    en: 'Only a resolved or closed ticket can become an article.',
    zh: '只有已解决或已关闭的工单可以生成知识库文章。',
  },
} as const satisfies Record<string, ErrorEntry>;

type KnowledgeErrors = typeof knowledgeErrors;

declare module '../../platform/http/errors.ts' {
  interface ErrorCodes extends KnowledgeErrors {}
}
