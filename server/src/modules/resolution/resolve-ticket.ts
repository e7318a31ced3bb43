import type { ResolveTicketInput, ResolveTicketResult } from '../../../../contracts/resolution.ts';
import { ticketResolutions } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, assertCan, findUserByEmail } from '../identity/index.ts';
import { allowedTransitions, getTicket, updateTicket } from '../tickets/index.ts';
import { activeResolutionCode } from './codes.ts';
import { publicLink, queueEmail } from './outgoing-mail.ts';
import { renderResolutionReport } from './report-mail.ts';
import { loadResolution } from './resolutions.ts';
import { loadResolutionSettings } from './settings.ts';

/**
 * An agent resolves a ticket (RS-1): the resolution is recorded, the ticket moves to
 * `resolved` through the tickets module, and the requester is sent the resolution report
 * (RS-3) in their language, asking them to confirm the fix (RS-2).
 */
export async function resolveTicket(options: {
  tx: Tx;
  actor: Actor;
  ticketId: number;
  input: ResolveTicketInput;
  now?: Date;
}): Promise<ResolveTicketResult> {
  const { tx, actor, ticketId, input } = options;
  const now = options.now ?? new Date();
  assertCan(actor, 'ticket.work');
  const before = await getTicket({ tx, actor, ticketId });
  if (!allowedTransitions(before.status).includes('resolved')) {
    throw new AppError('resolution.not_resolvable', { params: { status: before.status } });
  }
  const code = await activeResolutionCode(tx, input.resolutionCode);
  // The resolution is written before the status moves, so that the ticket hooks (report
  // facts) see it in the same transaction.
  const [row] = await tx
    .insert(ticketResolutions)
    .values({
      ticketId,
      resolutionCode: code.code,
      rootCause: input.rootCause,
      actions: input.actions,
      prevention: input.prevention,
      firstContact: input.firstContact,
      articleId: input.articleId ?? null,
      resolvedBy: actor.id,
      resolvedAt: now,
    })
    .returning({ id: ticketResolutions.id });
  if (!row) throw new Error('insert returned no row');
  const ticket = await updateTicket({ tx, actor, ticketId, input: { status: 'resolved' }, now });
  await recordEvent(tx, {
    kind: 'resolution.recorded',
    entityType: 'resolution',
    entityId: row.id,
    ticketId,
    actorId: actor.id,
    at: now,
    data: {
      resolutionId: row.id,
      resolutionCode: code.code,
      resolutionLabel: { en: code.labelEn, 'zh-CN': code.labelZh },
      rootCause: input.rootCause,
      actions: input.actions,
      prevention: input.prevention,
      firstContact: input.firstContact,
    },
  });

  const requester = await findUserByEmail(tx, ticket.requester.email);
  const locale = requester?.locale ?? 'zh-CN';
  const settings = await loadResolutionSettings(tx);
  const mail = await renderResolutionReport(tx, {
    locale,
    ticketNumber: ticket.number,
    ticketSubject: ticket.subject,
    requesterName: ticket.requester.name,
    resolutionLabel: locale === 'zh-CN' ? code.labelZh : code.labelEn,
    rootCause: input.rootCause,
    actions: input.actions,
    prevention: input.prevention,
    ticketUrl: publicLink(`/portal/tickets/${ticketId}`),
    autoCloseDays: settings.autoCloseDays,
  });
  await queueEmail(tx, {
    to: ticket.requester.email,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    ticketId,
    kind: 'resolution.report',
    locale,
  });
  return { ticket, resolution: await loadResolution(tx, row.id, actor.locale) };
}
