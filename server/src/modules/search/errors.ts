import type { ErrorEntry } from '../../platform/http/errors.ts';

/** The search module's error codes: status, and the message in both interface languages. */
export const searchErrors = {
  'search.synonym_invalid': {
    status: 400,
    en: 'A synonym group needs at least two different words.',
    zh: '同义词组至少需要两个不同的词。',
  },
  'search.synonym_not_found': { status: 404, en: 'Synonym group not found.', zh: '同义词组不存在。' },
} as const satisfies Record<string, ErrorEntry>;

type SearchErrors = typeof searchErrors;

declare module '../../platform/http/errors.ts' {
  interface ErrorCodes extends SearchErrors {}
}
