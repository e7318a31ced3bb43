import { sql } from 'drizzle-orm';
import type { ProblemSharedFields } from '../../../../contracts/triage.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { FIELD_KINDS, parseTicketFields } from './duplicate-fields.ts';

/** What one ticket of a problem candidate names: its text's fields and its own structured fields. */
export interface CandidateTicketFields {
  text: string;
  errorCode: string | null;
  environment: string | null;
  category: string | null;
  organisation: string | null;
}

/**
 * The fields a recurring incident's tickets have in common (issue 16, MX-3): a value is
 * shared when at least two tickets and at least half of them name it. Pure.
 */
export function fieldsSharedByGroup(tickets: readonly CandidateTicketFields[]): ProblemSharedFields {
  const need = Math.max(2, Math.ceil(tickets.length / 2));
  const counts: Record<keyof ProblemSharedFields, Map<string, number>> = {
    codes: new Map(),
    hosts: new Map(),
    versions: new Map(),
    refs: new Map(),
    categories: new Map(),
    organisations: new Map(),
    environments: new Map(),
  };
  const count = (kind: keyof ProblemSharedFields, values: Iterable<string>) => {
    for (const v of new Set(values)) counts[kind].set(v, (counts[kind].get(v) ?? 0) + 1);
  };
  for (const ticket of tickets) {
    const parsed = parseTicketFields(ticket.text);
    const code = ticket.errorCode?.trim().toLowerCase();
    for (const kind of FIELD_KINDS)
      count(kind, kind === 'codes' && code ? [...parsed.codes, code] : parsed[kind]);
    if (ticket.category) count('categories', [ticket.category]);
    if (ticket.organisation) count('organisations', [ticket.organisation]);
    if (ticket.environment?.trim()) count('environments', [ticket.environment.trim()]);
  }
  const shared = (kind: keyof ProblemSharedFields) =>
    [...counts[kind]]
      .filter(([, n]) => n >= need)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 10)
      .map(([v]) => v);
  return {
    codes: shared('codes'),
    hosts: shared('hosts'),
    versions: shared('versions'),
    refs: shared('refs'),
    categories: shared('categories'),
    organisations: shared('organisations'),
    environments: shared('environments'),
  };
}

/** The fields of tickets, for `fieldsSharedByGroup`, in one statement. */
export async function loadCandidateTicketFields(
  tx: Queryable,
  ticketIds: readonly number[],
): Promise<Map<number, CandidateTicketFields>> {
  if (!ticketIds.length) return new Map();
  const result = await tx.execute<{
    id: number;
    subject: string;
    description: string;
    error_code: string | null;
    environment: string | null;
    category: string | null;
    organisation: string | null;
  }>(sql`
    select t.id, t.subject, t.description, t.error_code, t.environment, c.name as category, o.name as organisation
      from tickets_v t
      left join ticket_categories_v c on c.id = t.category_id
      left join identity_organizations_v o on o.id = t.organization_id
     where t.id in ${[...ticketIds]}`);
  return new Map(
    result.rows.map((r) => [
      Number(r.id),
      {
        text: `${r.subject}\n${r.description.slice(0, 20000)}`,
        errorCode: r.error_code,
        environment: r.environment,
        category: r.category,
        organisation: r.organisation,
      },
    ]),
  );
}
