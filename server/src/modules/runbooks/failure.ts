import type { RunbookFailure, RunbookFailureCode } from '../../../../contracts/runbooks.ts';

type Params = RunbookFailure['params'];

/** The English text of each failure, kept in `error` for logs and older readers. */
const ENGLISH: Record<RunbookFailureCode, (p: Params) => string> = {
  timeout: (p) => `timed out after ${p.seconds} s`,
  connection_refused: (p) => `network error: ECONNREFUSED (connection refused by ${p.host})`,
  host_not_found: (p) => `network error: ENOTFOUND (host ${p.host} not found)`,
  connection_reset: (p) => `network error: ${p.detail} (connection closed by ${p.host})`,
  network: (p) => `network error: ${p.detail}`,
  server_error: (p) => `status ${p.status}`,
  status_outside: (p) => `status ${p.status} is outside ${p.low}..${p.high}`,
  text_missing: (p) => `the response does not contain "${p.text}"`,
  not_json: (p) => `the response is not JSON, so ${p.path} cannot be read`,
  json_value: (p) => `${p.path} is ${p.value}, not ${p.expected}`,
  json_missing: (p) => `${p.path} is ${p.value}`,
  interrupted: () => 'interrupted: the attempt did not report back',
  runbook_deleted: () => 'the runbook was deleted',
};

/** A failure with its values, and its English text. */
export function failure(code: RunbookFailureCode, params: Params = {}): RunbookFailure & { text: string } {
  return { code, params, text: ENGLISH[code](params) };
}

/** The failure of a fetch that threw: the system error code says which. */
export function networkFailure(url: string, code: string | undefined, detail: string) {
  const host = hostOf(url);
  switch (code) {
    case 'ECONNREFUSED':
      return failure('connection_refused', { host });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return failure('host_not_found', { host });
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
    case 'EPIPE':
      return failure('connection_reset', { host, detail: code });
    default:
      return failure('network', { host, detail });
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
