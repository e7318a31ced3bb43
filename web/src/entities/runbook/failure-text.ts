import type { TFunction } from 'i18next';
import { RunbookFailure } from '../../../../contracts/runbooks.ts';

/**
 * A runbook failure in the reader's language (runbooks.failure.<code>); the English `error`
 * the server also keeps when there is no code (an older record, or an approver's comment).
 */
export function runbookFailureText(t: TFunction, failure: unknown, error: string | null | undefined): string {
  const parsed = RunbookFailure.safeParse(failure);
  if (parsed.success) return t(`runbooks.failure.${parsed.data.code}`, parsed.data.params);
  return error ?? '';
}
