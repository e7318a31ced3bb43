import type { Tx } from '../../platform/db/database.ts';
import type { TicketChange } from '../tickets/index.ts';
import { deliveryChannel } from './delivery.ts';
import { mailSettings } from './mail-settings.ts';
import { type Notice, notify, notifyMany, type Recipient } from './notify.ts';
import { statusMailReplaced } from './status-mail.ts';
import { loadTemplate, renderLoadedTemplate, renderTemplate, type TemplateLocale } from './templates.ts';
import { messageFacts, recipientByEmail, statusLabel, ticketFacts, ticketsFacts } from './ticket-facts.ts';

/**
 * The follow-up of the notification centre over a batch of changes (registered in
 * modules/registry.ts). New tickets in a row (a burst's) are acknowledged together: the
 * requester, the template and the preferences read once, the bell rows and the mails written
 * in a statement each (issue 18: one change at a time made about ten round trips a ticket,
 * which kept a burst's follow-ups waiting for seconds). Any other change is told as before, in
 * order, after the new tickets before it.
 */
export async function notifyOnTicketChanges(tx: Tx, changes: readonly TicketChange[]): Promise<void> {
  let created: TicketChange[] = [];
  for (const change of changes) {
    if (change.kind === 'created' && !change.imported) {
      created.push(change);
      continue;
    }
    await acknowledgeNewTickets(tx, created);
    created = [];
    await notifyOnTicketChange(tx, change);
  }
  await acknowledgeNewTickets(tx, created);
}

/** What `notifyOnTicketChange` does for each of these new tickets, for all of them at once. */
async function acknowledgeNewTickets(tx: Tx, changes: readonly TicketChange[]): Promise<void> {
  if (changes.length === 0) return;
  if (changes.length === 1 && changes[0]) return notifyOnTicketChange(tx, changes[0]);
  const requesters = new Map<string, Awaited<ReturnType<typeof recipientByEmail>>>();
  const templates = new Map<TemplateLocale, Awaited<ReturnType<typeof loadTemplate>>>();
  const notices: { recipient: Recipient; notice: Notice }[] = [];
  // The tickets in one read, not one each.
  for (const ticket of await ticketsFacts(
    tx,
    changes.map((c) => c.ticketId),
  )) {
    const email = ticket.requester.email;
    if (!requesters.has(email)) requesters.set(email, await recipientByEmail(tx, email));
    const requester = requesters.get(email);
    if (requester?.active) {
      const locale = requester.locale;
      let template = templates.get(locale);
      if (!template) {
        template = await loadTemplate(tx, 'ticket.created', locale);
        templates.set(locale, template);
      }
      const rendered = renderLoadedTemplate(template, locale, {
        ticket: {
          ...ticket,
          statusLabel: statusLabel(ticket.status, locale),
          url: `${mailSettings().publicUrl}/tickets/${ticket.id}`,
        },
        requester,
      });
      notices.push({
        recipient: requester,
        notice: {
          event: 'ticket.created',
          title: rendered.subject,
          body: rendered.text.split('\n--\n')[0]?.slice(0, 500) ?? '',
          ticketId: ticket.id,
          data: { number: ticket.number },
          email: { subject: rendered.subject, text: rendered.text, html: rendered.html },
        },
      });
    }
    await deliveryChannel('im')?.broadcastTicket(tx, 'ticket.created', ticket);
    if (ticket.priority === 'P1') await deliveryChannel('im')?.broadcastTicket(tx, 'ticket.p1', ticket);
  }
  await notifyMany(tx, notices);
}

/**
 * The ticket hook of the notification centre, one change at a time: the
 * acknowledgement with the ticket number (IN-4), agents' public replies, status changes and
 * assignments. Internal notes never reach the requester.
 */
export async function notifyOnTicketChange(tx: Tx, change: TicketChange): Promise<void> {
  if (change.kind === 'imported' || (change.kind === 'created' && change.imported)) return;
  const ticket = await ticketFacts(tx, change.ticketId);
  const requester = await recipientByEmail(tx, ticket.requester.email);
  const ticketVars = (locale: 'zh-CN' | 'en') => ({
    ...ticket,
    statusLabel: statusLabel(ticket.status, locale),
    url: `${mailSettings().publicUrl}/tickets/${ticket.id}`,
  });
  const tell = async (to: Recipient, event: string, vars: Record<string, unknown>, email = true) => {
    const rendered = await renderTemplate(tx, event, to.locale, { ticket: ticketVars(to.locale), ...vars });
    await notify(tx, to, {
      event,
      title: rendered.subject,
      body: rendered.text.split('\n--\n')[0]?.slice(0, 500) ?? '',
      ticketId: ticket.id,
      data: { number: ticket.number },
      ...(email ? { email: { subject: rendered.subject, text: rendered.text, html: rendered.html } } : {}),
    });
  };

  if (change.kind === 'created') {
    if (requester?.active) await tell(requester, 'ticket.created', { requester });
    await deliveryChannel('im')?.broadcastTicket(tx, 'ticket.created', ticket);
    // A ticket opened at P1 is a P1 as much as one raised to it.
    if (ticket.priority === 'P1') await deliveryChannel('im')?.broadcastTicket(tx, 'ticket.p1', ticket);
    return;
  }
  if (change.kind === 'message') {
    if (change.internal) return;
    const message = await messageFacts(tx, change.messageId);
    if (!message || message.internal) return;
    if (change.fromStaff) {
      if (requester?.active && requester.id !== change.actorId) {
        await tell(requester, 'ticket.reply', {
          requester,
          message: { body: message.body },
          agent: { name: message.authorName ?? '' },
        });
      }
      return;
    }
    if (ticket.assignee && ticket.assignee.id !== change.actorId) {
      const assignee = await recipientByEmail(tx, ticket.assignee.email);
      const event =
        change.purpose === 'resolution_rejected' ? 'resolution.rejected' : 'ticket.requester_replied';
      if (assignee?.active)
        await tell(assignee, event, {
          requester: ticket.requester,
          message: { body: message.body },
        });
    }
    return;
  }
  const status = change.changes.status;
  if (status && requester?.active && requester.id !== change.actorId) {
    // The resolution report (resolved) and the survey (closed) say it in one mail.
    const replaced = await statusMailReplaced(tx, { ticketId: ticket.id, at: change.at, status: status.to });
    await tell(requester, 'ticket.status_changed', { requester }, !replaced);
  }
  const assigned = change.changes.assigneeId;
  if (assigned && typeof assigned.to === 'number' && assigned.to !== change.actorId && ticket.assignee) {
    const assignee = await recipientByEmail(tx, ticket.assignee.email);
    if (assignee?.active) await tell(assignee, 'ticket.assigned', {});
  }
  if (change.changes.priority?.to === 'P1')
    await deliveryChannel('im')?.broadcastTicket(tx, 'ticket.p1', ticket);
}
