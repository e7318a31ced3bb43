import { sql } from 'drizzle-orm';
import { jsonEscape, type RunbookValues, renderTemplate } from '../../../../contracts/runbooks.ts';
import type { RunbookRequestSnapshot } from '../../db/schema.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { RunbookRow } from './runbooks.ts';

/** The ticket variables of a run, read through the owners' views. */
export async function ticketValues(
  tx: Queryable,
  input: { ticketId: number; runId: number; actorName: string },
): Promise<RunbookValues> {
  const result = await tx.execute<{
    number: number;
    subject: string;
    status: string;
    priority: string;
    category: string | null;
    requester_name: string | null;
    requester_email: string | null;
  }>(sql`select t.number, t.subject, t.status, t.priority, c.path as category,
                r.name as requester_name, r.email as requester_email
           from tickets_v t
           left join ticket_categories_v c on c.id = t.category_id
           left join identity_users_v r on r.id = t.requester_id
          where t.id = ${input.ticketId}`);
  const row = result.rows[0];
  if (!row) throw new AppError('ticket.not_found');
  return {
    'ticket.id': String(input.ticketId),
    'ticket.number': String(row.number),
    'ticket.subject': row.subject,
    'ticket.status': row.status,
    'ticket.priority': row.priority,
    'ticket.category': row.category ?? '',
    'requester.name': row.requester_name ?? '',
    'requester.email': row.requester_email ?? '',
    'actor.name': input.actorName,
    'run.id': String(input.runId),
  };
}

/**
 * The call exactly as it will be sent: URL variables URL-encoded, body variables JSON-escaped
 * (a JSON body) or as they are (text). Fixed when the run is asked for, so that what the
 * approvers approve is what is sent, and every retry sends the same bytes.
 */
export function buildRequest(runbook: RunbookRow, values: RunbookValues): RunbookRequestSnapshot {
  const url = renderTemplate(runbook.url, values, encodeURIComponent);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError('runbook.invalid_target', { params: { detail: 'not a URL' } });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new AppError('runbook.invalid_target', { params: { detail: 'only http:// and https://' } });
  const body =
    runbook.method === 'GET'
      ? ''
      : renderTemplate(runbook.bodyTemplate, values, runbook.bodyFormat === 'json' ? jsonEscape : (v) => v);
  const hasContentType = Object.keys(runbook.headers).some((name) => name.toLowerCase() === 'content-type');
  const contentType =
    body === '' || hasContentType
      ? null
      : runbook.bodyFormat === 'json'
        ? 'application/json; charset=utf-8'
        : 'text/plain; charset=utf-8';
  return {
    url: parsed.toString(),
    method: runbook.method,
    headers: runbook.headers,
    body,
    contentType,
    timeoutSeconds: runbook.timeoutSeconds,
    success: runbook.success,
  };
}
