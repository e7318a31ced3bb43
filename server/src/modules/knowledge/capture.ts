import { and, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { CreateArticleInput, KnowledgeStats } from '../../../../contracts/knowledge.ts';
import { kbCaptureTargets } from '../../db/schema.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { defineJob, enqueue } from '../../platform/jobs/jobs.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { tellStaff } from '../notifications/index.ts';
import { latestResolution } from '../resolution/index.ts';
import { getTicket, type TicketChange } from '../tickets/index.ts';
import { hasChineseText } from './language.ts';
import { scrubPersonalData } from './scrub.ts';

/** KB-2: an article within 4 hours of resolving. */
export const CAPTURE_TARGET_HOURS = 4;

export const captureReminderJob = defineJob({
  id: 'kb.capture-reminder',
  version: 1,
  payload: z.object({ ticketId: z.number().int().positive() }),
  async run(payload, { db, now }) {
    await db.transaction(async (tx) => {
      const [target] = await tx
        .update(kbCaptureTargets)
        .set({ remindedAt: now })
        .where(
          and(
            eq(kbCaptureTargets.ticketId, payload.ticketId),
            isNull(kbCaptureTargets.capturedAt),
            isNull(kbCaptureTargets.dismissedAt),
            isNull(kbCaptureTargets.remindedAt),
          ),
        )
        .returning();
      if (!target) return;
      await recordEvent(tx, {
        kind: 'kb.capture_overdue',
        entityType: 'ticket',
        entityId: payload.ticketId,
        ticketId: payload.ticketId,
        actorId: null,
        at: now,
        data: { internal: true, dueAt: target.dueAt.toISOString() },
      });
      await remindResolver(tx, payload.ticketId);
    });
  },
});

/** Tells the agent who resolved the ticket (its assignee) that its article is due (KB-2). */
async function remindResolver(tx: Tx, ticketId: number): Promise<void> {
  const found = await tx.execute<{ number: number; assignee_id: number | null }>(
    sql`select number, assignee_id from tickets_v where id = ${ticketId}`,
  );
  const ticket = found.rows[0];
  if (!ticket?.assignee_id) return;
  await tellStaff(tx, {
    userIds: [ticket.assignee_id],
    event: CAPTURE_OVERDUE_EVENT,
    ticketId,
    words: (locale) =>
      locale === 'zh-CN'
        ? {
            title: `工单 #${ticket.number} 的知识文章已超时`,
            body: `工单 #${ticket.number} 解决已超过 ${CAPTURE_TARGET_HOURS} 小时，请将解决方案沉淀为知识库文章。`,
          }
        : {
            title: `Ticket #${ticket.number}: its article is overdue`,
            body: `Ticket #${ticket.number} was resolved over ${CAPTURE_TARGET_HOURS} hours ago; please turn its solution into a knowledge article.`,
          },
  });
}

/** The notification event of an overdue capture; registered with the notifications module. */
export const CAPTURE_OVERDUE_EVENT = 'kb.capture_overdue';

/** The ticket hook: a ticket that becomes resolved starts its 4-hour capture clock. */
export async function trackCaptureOnResolve(tx: Tx, change: TicketChange): Promise<void> {
  if (change.kind !== 'updated') return;
  const status = change.changes.status?.to;
  if (status !== 'resolved') return;
  const dueAt = new Date(change.at.getTime() + CAPTURE_TARGET_HOURS * 3_600_000);
  const inserted = await tx
    .insert(kbCaptureTargets)
    .values({ ticketId: change.ticketId, resolvedAt: change.at, dueAt })
    .onConflictDoNothing()
    .returning();
  if (inserted.length)
    await enqueue(
      tx,
      captureReminderJob,
      { ticketId: change.ticketId },
      {
        runAt: dueAt,
        jobKey: `kb-capture:${change.ticketId}`,
      },
    );
}

export async function markCaptured(
  tx: Tx,
  actor: Actor,
  ticketId: number,
  articleId: number,
  now: Date,
): Promise<void> {
  const ticket = await getTicket({ tx, actor, ticketId });
  if (ticket.status !== 'resolved' && ticket.status !== 'closed')
    throw new AppError('kb.ticket_not_resolved', { field: 'sourceTicketId' });
  await tx
    .insert(kbCaptureTargets)
    .values({
      ticketId,
      resolvedAt: ticket.resolvedAt ? new Date(ticket.resolvedAt) : now,
      dueAt: new Date((ticket.resolvedAt ? Date.parse(ticket.resolvedAt) : now.getTime()) + 4 * 3_600_000),
      articleId,
      capturedAt: now,
    })
    .onConflictDoUpdate({
      target: kbCaptureTargets.ticketId,
      set: {
        articleId,
        capturedAt: sql`coalesce(${kbCaptureTargets.capturedAt}, ${now.toISOString()}::timestamptz)`,
      },
    });
  await recordEvent(tx, {
    kind: 'kb.article_captured',
    entityType: 'ticket',
    entityId: ticketId,
    ticketId,
    actorId: actor.id,
    at: now,
    data: { articleId, internal: true },
  });
}

export async function dismissCapture(options: { tx: Tx; actor: Actor; ticketId: number; now?: Date }) {
  const { tx, actor, ticketId } = options;
  const now = options.now ?? new Date();
  assertCan(actor, 'kb.write');
  await tx
    .update(kbCaptureTargets)
    .set({ dismissedAt: now })
    .where(and(eq(kbCaptureTargets.ticketId, ticketId), isNull(kbCaptureTargets.capturedAt)));
}

/**
 * A draft article prefilled from a resolved ticket (KB-2): problem from the ticket, cause,
 * solution and prevention from its resolution record, the ticket's category. It is about the
 * problem, not the people: greetings, names, emails, phone numbers and ticket numbers are left
 * out (scrub.ts). It stays a draft that the agent edits before anyone can read it.
 */
export async function draftFromTicket(options: {
  tx: Queryable;
  actor: Actor;
  ticketId: number;
}): Promise<CreateArticleInput> {
  const { tx, actor, ticketId } = options;
  assertCan(actor, 'kb.write');
  const ticket = await getTicket({ tx, actor, ticketId });
  const language = hasChineseText(`${ticket.subject} ${ticket.description}`) ? 'zh-CN' : 'en';
  const authors = await tx.execute<{ name: string; role: string }>(sql`
    select distinct u.name, u.role from ticket_messages_v m join identity_users_v u on u.id = m.author_id where m.ticket_id = ${ticketId}`);
  const resolution = await latestResolution(tx, ticketId, language);
  const names = [
    ticket.requester.name,
    ...authors.rows.filter((r) => r.role === 'requester').map((r) => r.name),
  ];
  const staffNames = [
    ticket.assignee?.name ?? '',
    resolution?.resolvedBy.name ?? '',
    ...authors.rows.filter((r) => r.role !== 'requester').map((r) => r.name),
  ];
  const clean = (text: string) => scrubPersonalData(text, { names, staffNames, language });
  let solution = resolution ? clean(resolution.actions) : '';
  if (!solution) {
    // Resolved without a report: the desk's last public answers are the closest thing.
    const replies = await tx.execute<{ body: string }>(sql`
      select m.body from ticket_messages_v m join identity_users_v u on u.id = m.author_id
       where m.ticket_id = ${ticketId} and not m.internal and u.role <> 'requester'
       order by m.created_at desc, m.id desc limit 3`);
    solution = clean(
      replies.rows
        .map((r) => r.body)
        .reverse()
        .join('\n\n'),
    );
  }
  const errorLabel = language === 'zh-CN' ? '错误代码：' : 'Error code: ';
  const problem = clean(
    [ticket.description, ticket.errorCode ? `${errorLabel}${ticket.errorCode}` : '']
      .filter(Boolean)
      .join('\n'),
  );
  const cause = resolution ? clean(resolution.rootCause) : '';
  const prevention = resolution ? clean(resolution.prevention) : '';
  return {
    title: clean(ticket.subject) || ticket.subject,
    problem: problem || clean(ticket.subject) || ticket.subject,
    ...(cause ? { cause } : {}),
    solution: solution || '-',
    ...(prevention ? { prevention } : {}),
    language,
    visibility: 'public',
    status: 'draft',
    sourceTicketId: ticketId,
    ...(ticket.category ? { category: ticket.category } : {}),
  };
}

export async function knowledgeStats(options: {
  tx: Queryable;
  actor: Actor;
  now?: Date;
}): Promise<KnowledgeStats> {
  const { tx, actor } = options;
  const now = (options.now ?? new Date()).toISOString();
  assertCan(actor, 'kb.write');
  const feedback = await tx.execute<{
    deflections: number;
    deflectedTickets: number;
    helpful: number;
    unhelpful: number;
    flagged: number;
  }>(sql`
    select (select count(*) from kb_feedback where context = 'portal_form' and helpful)::int as deflections,
           (select count(*) from audit_events_v
             where entity_type = 'self_help_deflection' and kind = 'catalog.deflection_confirmed')::int as "deflectedTickets",
           (select count(*) from kb_feedback where helpful)::int as helpful,
           (select count(*) from kb_feedback where not helpful)::int as unhelpful,
           (select count(*) from kb_articles where flagged_reason is not null and status <> 'archived')::int as flagged`);
  const capture = await tx.execute<Record<string, number>>(sql`
    select count(*)::int as tracked,
           count(*) filter (where captured_at is not null and captured_at <= due_at)::int as "capturedInTime",
           count(*) filter (where captured_at is not null and captured_at > due_at)::int as "capturedLate",
           count(*) filter (where captured_at is null and dismissed_at is null and due_at < ${now}::timestamptz)::int as overdue,
           count(*) filter (where captured_at is null and dismissed_at is null and due_at >= ${now}::timestamptz)::int as pending,
           count(*) filter (where dismissed_at is not null and captured_at is null)::int as dismissed
      from kb_capture_targets`);
  const f = feedback.rows[0];
  const c = capture.rows[0] ?? {};
  return {
    deflections: (f?.deflections ?? 0) + (f?.deflectedTickets ?? 0),
    deflectedTickets: f?.deflectedTickets ?? 0,
    helpful: f?.helpful ?? 0,
    unhelpful: f?.unhelpful ?? 0,
    flagged: f?.flagged ?? 0,
    capture: {
      tracked: c.tracked ?? 0,
      capturedInTime: c.capturedInTime ?? 0,
      capturedLate: c.capturedLate ?? 0,
      overdue: c.overdue ?? 0,
      pending: c.pending ?? 0,
      dismissed: c.dismissed ?? 0,
    },
  };
}
