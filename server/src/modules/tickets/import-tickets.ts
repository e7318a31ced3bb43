import { eq, sql } from 'drizzle-orm';
import type { TicketChanges } from '../../../../contracts/events.ts';
import { ImportTicketLine, type TicketStatus } from '../../../../contracts/tickets.ts';
import { ticketMessages, tickets } from '../../db/schema.ts';
import type { Db, Tx } from '../../platform/db/database.ts';
import { databaseRefusal } from '../../platform/http/database-errors.ts';
import { AppError, errorMessage, type MessageLocale } from '../../platform/http/errors.ts';
import { findInvalidText } from '../../platform/http/valid-text.ts';
import { type AuditEventInput, recordEvents } from '../audit/index.ts';
import {
  type Actor,
  assertCan,
  createTeam,
  createUser,
  findTeamByName,
  findUserByEmail,
} from '../identity/index.ts';
import { ensureCategoryPath } from './categories.ts';
import { derivePriority, loadPriorityMatrix } from './priority-matrix.ts';
import { runTicketHooks } from './ticket-hooks.ts';

export interface ImportLineError {
  line: number;
  code: 'import.invalid_json' | 'import.invalid_field' | 'import.failed';
  field?: string;
  message: string;
}

export interface ImportOutcome {
  created: number;
  skipped: number;
  errors: ImportLineError[];
  /** Ids of the tickets created, for follow-up work (SLA clocks, search indexing). */
  createdIds: number[];
}

/**
 * Imports historical tickets from JSON Lines, keeping their original times. Idempotent by
 * externalId: a line already imported is skipped. Each line commits on its own, so one
 * bad line is reported by number and the others still land.
 */
export async function importTickets(options: {
  db: Db;
  actor: Actor;
  body: string;
  locale?: MessageLocale;
  /** Where a line the database refused is logged with its cause. */
  log?: { warn: (details: object, message: string) => void };
}): Promise<ImportOutcome> {
  const { db, actor } = options;
  const locale = options.locale ?? actor.locale;
  const fail = (
    line: number,
    code: ImportLineError['code'],
    params: Record<string, string> = {},
  ): ImportLineError => ({
    line,
    code,
    ...(params.field ? { field: params.field } : {}),
    message: errorMessage(code, locale, params),
  });
  assertCan(actor, 'import.run');
  const outcome: ImportOutcome = { created: 0, skipped: 0, errors: [], createdIds: [] };
  const lines = options.body.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const lineNumber = index + 1;
    if (!raw.trim()) continue;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      outcome.errors.push(fail(lineNumber, 'import.invalid_json'));
      continue;
    }
    const badText = findInvalidText(json);
    if (badText !== null) {
      outcome.errors.push(
        fail(lineNumber, 'import.invalid_field', {
          field: badText || 'line',
          detail: 'contains a NUL character or an unpaired surrogate',
        }),
      );
      continue;
    }
    const parsed = ImportTicketLine.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      outcome.errors.push(
        fail(lineNumber, 'import.invalid_field', {
          field: issue?.path.join('.') || 'line',
          detail: issue?.message ?? '',
        }),
      );
      continue;
    }
    try {
      const id = await db.transaction((tx) => importOne(tx, actor, parsed.data));
      if (id === null) outcome.skipped += 1;
      else {
        outcome.created += 1;
        outcome.createdIds.push(id);
      }
    } catch (error) {
      // The administrator reads a clean reason in their language; the database's own words
      // (the SQL, its parameters) go to the server log only.
      const refusal = error instanceof AppError ? error : databaseRefusal(error);
      options.log?.warn({ category: 'tickets.import', line: lineNumber, err: error }, 'import line failed');
      outcome.errors.push(
        fail(lineNumber, 'import.failed', {
          detail: refusal ? refusal.localizedMessage(locale) : errorMessage('internal', locale),
          ...(refusal?.field ? { field: refusal.field } : {}),
        }),
      );
    }
  }
  return outcome;
}

async function importOne(tx: Tx, actor: Actor, line: ImportTicketLine): Promise<number | null> {
  // Two imports of the same file at once: the second waits here and then skips.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`import:${line.externalId}`}))`);
  const [existing] = await tx
    .select({ id: tickets.id })
    .from(tickets)
    .where(eq(tickets.externalId, line.externalId));
  if (existing) return null;

  const requester = await personFor(tx, line.requesterEmail, line.requesterName, 'requester');
  const matrix = await loadPriorityMatrix(tx);
  const createdAt = new Date(line.createdAt);
  const events = [...(line.events ?? [])].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const state = {
    status: 'new' as TicketStatus,
    resolvedAt: null as Date | null,
    closedAt: null as Date | null,
    reopens: 0,
    teamId: null as number | null,
    assigneeId: null as number | null,
    updatedAt: createdAt,
  };
  const [ticket] = await tx
    .insert(tickets)
    .values({
      type: line.type,
      categoryId: line.category ? await ensureCategoryPath(tx, line.category, actor.id) : null,
      subject: line.subject,
      description: line.description,
      channel: line.channel ?? 'import',
      impact: line.impact,
      urgency: line.urgency,
      priority: derivePriority(matrix, line.impact, line.urgency),
      requesterId: requester.id,
      organizationId: requester.organizationId,
      externalId: line.externalId,
      createdAt,
      updatedAt: createdAt,
    })
    .returning({ id: tickets.id, number: tickets.number });
  if (!ticket) throw new Error('insert returned no row');
  const audit: AuditEventInput[] = [
    {
      kind: 'ticket.created',
      entityType: 'ticket',
      entityId: ticket.id,
      ticketId: ticket.id,
      actorId: requester.id,
      at: createdAt,
      data: {
        number: ticket.number,
        channel: line.channel ?? 'import',
        imported: true,
        externalId: line.externalId,
      },
    },
  ];
  for (const event of events) {
    const at = new Date(event.at);
    state.updatedAt = at;
    if (event.kind === 'status') {
      if (event.status === state.status) continue;
      if (state.status === 'resolved' && event.status !== 'closed')
        state.reopens += event.status === 'open' ? 1 : 0;
      if (event.status === 'resolved') state.resolvedAt = at;
      if (event.status === 'closed' || event.status === 'cancelled') state.closedAt = at;
      audit.push(ticketUpdate(ticket.id, null, at, { status: { from: state.status, to: event.status } }));
      state.status = event.status;
    } else if (event.kind === 'message') {
      const author = event.authorEmail
        ? await personFor(tx, event.authorEmail, undefined, 'agent')
        : { id: requester.id };
      const [message] = await tx
        .insert(ticketMessages)
        .values({
          ticketId: ticket.id,
          authorId: author.id,
          body: event.body,
          internal: event.internal ?? false,
          channel: line.channel ?? 'import',
          createdAt: at,
        })
        .returning({ id: ticketMessages.id });
      if (!message) throw new Error('insert returned no row');
      const fromStaff = author.id !== requester.id;
      audit.push({
        kind: 'message.created',
        entityType: 'message',
        entityId: message.id,
        ticketId: ticket.id,
        actorId: author.id,
        at,
        data: { messageId: message.id, internal: event.internal ?? false, fromStaff, imported: true },
      });
    } else {
      const changes: TicketChanges = {};
      if (event.team) {
        const teamId = await teamFor(tx, event.team);
        changes.team = { from: state.teamId, to: { id: teamId, name: event.team } };
        state.teamId = teamId;
      }
      if (event.assigneeEmail) {
        const assignee = await personFor(tx, event.assigneeEmail, undefined, 'agent');
        changes.assignee = { from: state.assigneeId, to: { id: assignee.id, name: event.assigneeEmail } };
        state.assigneeId = assignee.id;
      }
      audit.push(ticketUpdate(ticket.id, null, at, changes));
    }
  }
  await tx
    .update(tickets)
    .set({
      status: state.status,
      resolvedAt: state.status === 'resolved' || state.status === 'closed' ? state.resolvedAt : null,
      closedAt: state.status === 'closed' || state.status === 'cancelled' ? state.closedAt : null,
      reopenCount: state.reopens,
      teamId: state.teamId,
      assigneeId: state.assigneeId,
      updatedAt: state.updatedAt,
    })
    .where(eq(tickets.id, ticket.id));
  await recordEvents(tx, audit);
  await runTicketHooks(tx, [{ kind: 'imported', ticketId: ticket.id, actorId: null, at: state.updatedAt }]);
  return ticket.id;
}

function ticketUpdate(
  ticketId: number,
  actorId: number | null,
  at: Date,
  changes: TicketChanges,
): AuditEventInput {
  return {
    kind: 'ticket.updated',
    entityType: 'ticket',
    entityId: ticketId,
    ticketId,
    actorId,
    at,
    data: { changes, imported: true },
  };
}

async function personFor(
  tx: Tx,
  email: string,
  name: string | undefined,
  role: 'requester' | 'agent',
): Promise<{ id: number; organizationId: number | null }> {
  const existing = await findUserByEmail(tx, email);
  if (existing) return existing;
  // The importing administrator is recorded on the import itself; the people it brings
  // in are created by the system, as they would have been in the old one.
  const user = await createUser({
    tx,
    actor: null,
    input: { email, name: name ?? email.split('@')[0] ?? email, role },
  });
  return { id: user.id, organizationId: user.organizationId };
}

async function teamFor(tx: Tx, name: string): Promise<number> {
  const existing = await findTeamByName(tx, name);
  if (existing) return existing.id;
  return (await createTeam({ tx, actor: null, input: { name, tier: 'L1' } })).id;
}
