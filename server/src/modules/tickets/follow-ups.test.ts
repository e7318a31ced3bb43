import { asc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildTicket, buildUser } from '../../../test/factories.ts';
import { backlogOnMetrics, setupTestApp } from '../../../test/harness.ts';
import { outboxEmails, reportTicketFacts, searchDocuments, ticketFollowUps } from '../../db/schema.ts';
import '../registry.ts';
import { frequencies } from '../search/search-engine.ts';
import { tokenize } from '../search/tokenizer.ts';
import { workOffFollowUps } from './follow-ups.ts';
import { afterTicketChange } from './ticket-hooks.ts';

// The product's way: follow-ups after commit, by the worker (here called directly).
const ctx = await setupTestApp({ TICKET_FOLLOW_UPS: 'deferred' });
const db = ctx.database.db;

/** Ticket ids whose follow-up fails, to see one bad change not hold back the others. */
const failing = new Set<number>();
afterTicketChange(async (_tx, changes) => {
  const bad = changes.find((change) => failing.has(change.ticketId));
  if (bad) throw new Error(`cannot follow up ticket ${bad.ticketId}`);
});

const mailsAbout = (ticketId: number) =>
  db.select().from(outboxEmails).where(eq(outboxEmails.ticketId, ticketId)).orderBy(asc(outboxEmails.id));
const indexed = async (ticketId: number) =>
  (await db.select().from(searchDocuments).where(eq(searchDocuments.sourceId, ticketId))).length > 0;
const facts = (ticketId: number) =>
  db.select().from(reportTicketFacts).where(eq(reportTicketFacts.ticketId, ticketId));
const waiting = () => db.select().from(ticketFollowUps).orderBy(asc(ticketFollowUps.id));

describe('ticket follow-ups after commit', () => {
  it('records the change with the ticket and follows it up when the job runs', async () => {
    const requester = await buildUser(ctx);
    const ticket = await buildTicket(ctx, requester, { subject: 'Plotter offline after firmware update' });

    // Committed: the ticket, its SLA clocks and the change waiting for its follow-ups.
    expect(ticket.sla).not.toBeNull();
    expect((await waiting()).map((row) => (row.change as { ticketId: number }).ticketId)).toContain(
      ticket.id,
    );
    expect(await mailsAbout(ticket.id)).toHaveLength(0);
    expect(await indexed(ticket.id)).toBe(false);
    expect(await facts(ticket.id)).toHaveLength(0);
    const job = await db.execute(sql`select 1 from graphile_worker.jobs where key = 'tickets.follow_up'`);
    expect(job.rows).toHaveLength(1);
    expect(await backlogOnMetrics(ctx, 'follow_ups')).toBe((await waiting()).length);

    expect(await workOffFollowUps(db, { now: new Date() })).toBeGreaterThanOrEqual(1);
    expect(await waiting()).toHaveLength(0);
    expect(await backlogOnMetrics(ctx, 'follow_ups')).toBe(0);
    expect((await mailsAbout(ticket.id)).map((m) => m.toAddress)).toEqual([requester.user.email]);
    expect(await indexed(ticket.id)).toBe(true);
    expect(await facts(ticket.id)).toHaveLength(1);
  });

  it('follows up several changes of a ticket in the order they happened', async () => {
    const requester = await buildUser(ctx, { locale: 'en' });
    const agent = await buildUser(ctx, { role: 'agent' });
    const ticket = await buildTicket(ctx, requester);
    const reply = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/messages`,
      headers: agent.headers,
      payload: { body: 'Please restart the plotter.' },
    });
    expect(reply.statusCode).toBe(201);
    const resolve = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/tickets/${ticket.id}`,
      headers: agent.headers,
      payload: { status: 'resolved' },
    });
    expect(resolve.statusCode).toBe(200);
    expect((await waiting()).length).toBe(3);

    await workOffFollowUps(db, { now: new Date() });
    const mails = await mailsAbout(ticket.id);
    expect(mails).toHaveLength(3);
    // Acknowledgement, then the reply, then the status notice.
    expect(mails[1]?.textBody).toContain('Please restart the plotter.');
    expect(mails[2]?.subject).toMatch(/resolved|状态/i);
    expect((await facts(ticket.id))[0]?.resolvedAt).not.toBeNull();
  });

  it('indexes a batch of changes in one pass and keeps the word counts exact', async () => {
    const requester = await buildUser(ctx);
    const agent = await buildUser(ctx, { role: 'agent' });
    const [word] = tokenize('Zorblaxian', { mode: 'index' });
    if (!word) throw new Error('no term');
    const a = await buildTicket(ctx, requester, { subject: 'Zorblaxian printer jam' });
    await buildTicket(ctx, requester, { subject: 'Zorblaxian scanner offline' });
    await buildTicket(ctx, requester, { subject: 'Keyboard missing keys' });
    // The same batch changes the first one again: its word goes.
    const renamed = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/tickets/${a.id}`,
      headers: agent.headers,
      payload: { subject: 'Printer jam on floor 3' },
    });
    expect(renamed.statusCode).toBe(200);
    expect((await waiting()).length).toBe(4);

    await workOffFollowUps(db, { now: new Date() });
    expect((await frequencies(db, 'ticket', [word])).get(word)).toBe(1);
    const docs = await db.execute<{ title: string }>(
      sql`select title from search_documents where source = 'ticket' and source_id = ${a.id}`,
    );
    expect(docs.rows.map((r) => r.title)).toEqual(['Printer jam on floor 3']);
  });

  it('keeps a change whose follow-up fails, with its error, and follows up the others', async () => {
    const requester = await buildUser(ctx);
    const bad = await buildTicket(ctx, requester, { subject: 'bad one' });
    const good = await buildTicket(ctx, requester, { subject: 'good one' });
    failing.add(bad.id);

    await workOffFollowUps(db, { now: new Date() });
    const left = await waiting();
    expect(left).toHaveLength(1);
    expect((left[0]?.change as { ticketId: number } | undefined)?.ticketId).toBe(bad.id);
    expect(left[0]?.attempts).toBe(1);
    expect(left[0]?.lastError).toContain(`cannot follow up ticket ${bad.id}`);
    expect(await indexed(good.id)).toBe(true);
    expect(await indexed(bad.id)).toBe(false);
    const retry = await db.execute(
      sql`select 1 from graphile_worker.jobs where key = 'tickets.follow_up:retry'`,
    );
    expect(retry.rows).toHaveLength(1);

    // Once the cause is gone, the next run follows it up.
    failing.delete(bad.id);
    await workOffFollowUps(db, { now: new Date() });
    expect(await waiting()).toHaveLength(0);
    expect(await indexed(bad.id)).toBe(true);
  });
});
