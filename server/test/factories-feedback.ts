import { createServer } from 'node:net';
import { sql } from 'drizzle-orm';
import type { ResolveTicketInput, ResolveTicketResult } from '../../contracts/resolution.ts';
import type { TicketDto } from '../../contracts/tickets.ts';
import type { TestUser } from './factories.ts';
import type { TestContext } from './harness.ts';

/** A free loopback port in the closing-the-loop range (4400-4499), starting from `from`. */
export async function pickFeedbackPort(from: number): Promise<number> {
  for (let port = from; port <= 4499; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port in ${from}-4499`);
}

export function resolutionInput(overrides: Partial<ResolveTicketInput> = {}): ResolveTicketInput {
  return {
    resolutionCode: 'software_update',
    rootCause: 'The export plug-in 2.3 broke the report encoding.',
    actions: 'Rolled the plug-in back to 2.2 and re-ran the export.',
    prevention: 'Test plug-in updates on the staging system first.',
    firstContact: false,
    ...overrides,
  };
}

export async function resolveViaApi(
  ctx: TestContext,
  as: TestUser,
  ticket: { id: number },
  overrides: Partial<ResolveTicketInput> = {},
): Promise<ResolveTicketResult> {
  const response = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/tickets/${ticket.id}/resolve`,
    headers: as.headers,
    payload: resolutionInput(overrides),
  });
  if (response.statusCode !== 200) throw new Error(`not resolved: ${response.body}`);
  return response.json() as ResolveTicketResult;
}

export async function patchTicket(
  ctx: TestContext,
  as: TestUser,
  ticket: { id: number },
  payload: Record<string, unknown>,
): Promise<TicketDto> {
  const response = await ctx.app.inject({
    method: 'PATCH',
    url: `/api/v1/tickets/${ticket.id}`,
    headers: as.headers,
    payload,
  });
  if (response.statusCode !== 200) throw new Error(`not updated: ${response.body}`);
  return response.json() as TicketDto;
}

/** The mails the product put in its outbox for a ticket (whether or not SMTP is configured). */
export async function outboxFor(ctx: TestContext, kind: string, to?: string) {
  const result = await ctx.database.db.execute<{
    id: number;
    to_address: string;
    subject: string;
    text_body: string;
    html_body: string | null;
    locale: string | null;
    ticket_id: number | null;
  }>(sql`select id, to_address, subject, text_body, html_body, locale, ticket_id from outbox_emails
          where kind = ${kind} ${to ? sql`and to_address = ${to}` : sql``} order by id`);
  return result.rows;
}

/** The waiting graphile-worker job with this key, if any. */
export async function waitingJob(ctx: TestContext, key: string) {
  const result = await ctx.database.db.execute<{ task_identifier: string; run_at: Date | string }>(sql`
    select t.identifier as task_identifier, j.run_at from graphile_worker._private_jobs j
      join graphile_worker._private_tasks t on t.id = j.task_id where j.key = ${key}`);
  return result.rows[0] ?? null;
}
