import { sql } from 'drizzle-orm';
import type { ApproverRule } from '../../../../contracts/approvals.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { findActivePerson, findTeam, managerOf, teamLeadOf } from '../identity/index.ts';
import { findTicketRecord } from '../tickets/index.ts';

/** Why a rule found nobody to ask. */
export type RuleFailure = 'inactive_user' | 'no_team' | 'no_lead' | 'no_ticket' | 'no_manager';

export interface FailedRule {
  index: number;
  rule: ApproverRule;
  reason: RuleFailure;
  /** Who is asked instead (automatic requests), or null when nobody could be found. */
  substitute: { id: number; name: string } | null;
}

export interface ResolvedApprovers {
  /** People in order: the named ones first, then each rule's person (someone already named is asked once). */
  people: { id: number; name: string }[];
  failed: FailedRule[];
}

type Person = { id: number; name: string };

async function active(tx: Tx, id: number | null | undefined): Promise<Person | null> {
  if (!id) return null;
  const person = await findActivePerson(tx, id);
  return person ? { id: person.id, name: person.name } : null;
}

async function resolveRule(
  tx: Tx,
  rule: ApproverRule,
  ticket: { requesterId: number; teamId: number | null } | null,
): Promise<Person | RuleFailure> {
  if (rule.type === 'user') return (await active(tx, rule.userId)) ?? 'inactive_user';
  if (rule.type === 'team_lead') {
    if (!(await findTeam(tx, rule.teamId))) return 'no_team';
    return (await active(tx, (await teamLeadOf(tx, rule.teamId))?.id)) ?? 'no_lead';
  }
  if (!ticket) return 'no_ticket';
  return (await active(tx, (await managerOf(tx, ticket.requesterId))?.id)) ?? 'no_manager';
}

/**
 * The fallback of automatic requests (a catalog request, a runbook a rule started): the lead of
 * the ticket's team, else the desk's first active administrator (a person, not one of the
 * desk's own `.invalid` accounts). Never nobody while the desk has an administrator.
 */
async function fallbackApprover(tx: Tx, ticket: { teamId: number | null } | null): Promise<Person | null> {
  if (ticket?.teamId) {
    const lead = await active(tx, (await teamLeadOf(tx, ticket.teamId))?.id);
    if (lead) return lead;
  }
  const result = await tx.execute<{ id: number; name: string }>(sql`
    select id, name from identity_users_v
     where role = 'admin' and active and lower(email) not like '%.invalid'
     order by id limit 1`);
  const row = result.rows[0];
  return row ? { id: Number(row.id), name: row.name } : null;
}

const ruleErrors = {
  inactive_user: 'approval.bad_approvers',
  no_team: 'approval.rule_no_team',
  no_lead: 'approval.rule_no_lead',
  no_ticket: 'approval.rule_no_ticket',
  no_manager: 'approval.rule_no_manager',
} as const;

/**
 * Who to ask, at request time: the named people, then each rule's person (a person, a team's
 * lead, the manager of the ticket's requester). A rule that finds nobody active is, for a
 * person asking (`onUnresolved: 'reject'`), a 400 on `approverRules.{i}`; for an automatic
 * request (`'fallback'`) it is replaced by the fallback approver and reported in `failed`.
 */
export async function resolveApprovers(
  tx: Tx,
  input: {
    approverIds: readonly number[];
    approverRules: readonly ApproverRule[];
    ticketId: number | null;
    onUnresolved: 'reject' | 'fallback';
  },
): Promise<ResolvedApprovers> {
  const ids = input.approverIds;
  if (new Set(ids).size !== ids.length)
    throw new AppError('approval.bad_approvers', {
      field: 'approverIds',
      params: { detail: 'a person named twice' },
    });
  const people: Person[] = [];
  const missing: number[] = [];
  for (const id of ids) {
    const person = await active(tx, id);
    if (person) people.push(person);
    else missing.push(id);
  }
  if (missing.length > 0)
    throw new AppError('approval.bad_approvers', {
      field: 'approverIds',
      params: { detail: `no active person ${missing.join(', ')}` },
    });
  const record = input.ticketId ? await findTicketRecord(tx, input.ticketId) : null;
  const ticket = record ? { requesterId: record.requesterId, teamId: record.teamId } : null;
  const failed: FailedRule[] = [];
  const add = (person: Person) => {
    if (!people.some((p) => p.id === person.id)) people.push(person);
  };
  for (const [index, rule] of input.approverRules.entries()) {
    const found = await resolveRule(tx, rule, ticket);
    if (typeof found !== 'string') {
      add(found);
      continue;
    }
    if (input.onUnresolved === 'reject') {
      const team = rule.type === 'team_lead' ? await findTeam(tx, rule.teamId) : null;
      throw new AppError(ruleErrors[found], {
        field: `approverRules.${index}`,
        params: {
          detail: rule.type === 'user' ? `no active person ${rule.userId}` : found,
          team: team?.name ?? (rule.type === 'team_lead' ? `#${rule.teamId}` : ''),
        },
      });
    }
    const substitute = await fallbackApprover(tx, ticket);
    if (substitute) add(substitute);
    failed.push({ index, rule, reason: found, substitute });
  }
  if (people.length === 0)
    throw new AppError('approval.bad_approvers', {
      field: input.approverRules.length > 0 ? 'approverRules' : 'approverIds',
      params: { detail: 'none named' },
    });
  return { people, failed };
}

/**
 * Checks approver rules in a definition saved for later (a catalog item, a runbook): a person
 * must be active and a team must exist; whether a team has a lead or a requester a manager is
 * known only when an approval is asked. A 400 on `{field}.{i}`, nothing written.
 */
export async function assertApproverRules(
  tx: Tx,
  rules: readonly ApproverRule[],
  field = 'approverRules',
): Promise<void> {
  for (const [index, rule] of rules.entries()) {
    if (rule.type === 'user' && !(await active(tx, rule.userId)))
      throw new AppError('approval.bad_approvers', {
        field: `${field}.${index}`,
        params: { detail: `no active person ${rule.userId}` },
      });
    if (rule.type === 'team_lead' && !(await findTeam(tx, rule.teamId)))
      throw new AppError('approval.rule_no_team', { field: `${field}.${index}` });
  }
  const keys = rules.map((rule) => JSON.stringify(rule));
  const twice = keys.findIndex((key, index) => keys.indexOf(key) !== index);
  if (twice >= 0)
    throw new AppError('approval.bad_approvers', {
      field: `${field}.${twice}`,
      params: { detail: 'a rule named twice' },
    });
}
