import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { isApiError } from '../api/client.ts';

/** The words to show for a failed request: ours for the codes we know, the server's otherwise. */
export function errorText(t: TFunction, error: unknown): string {
  if (isApiError(error)) {
    switch (error.code) {
      case 'network.unreachable':
        return t('errors.network');
      case 'auth.invalid_credentials':
        return t('errors.invalidCredentials');
      case 'ticket.invalid_transition':
        return t('errors.invalidTransition');
      case 'http.413':
        return t('errors.tooLarge');
      default:
        return error.message || t('errors.unknown');
    }
  }
  if (error instanceof Error && error.message) return error.message;
  return t('errors.unknown');
}

/**
 * Marks the form field the server named (`field` in the error body) with the error text.
 * Returns whether a field of this form was marked.
 */
export function markFieldError(
  form: FormInstance,
  t: TFunction,
  error: unknown,
  fields: readonly string[],
): boolean {
  if (!isApiError(error) || !error.field) return false;
  const name = error.field.split('.')[0] ?? error.field;
  if (!fields.includes(name)) return false;
  form.setFields([{ name, errors: [errorText(t, error)] }]);
  return true;
}
