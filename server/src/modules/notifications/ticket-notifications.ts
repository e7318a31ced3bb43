import type { Tx } from '../../platform/db/database.ts';
import type { TicketChange } from '../tickets/index.ts';
import { deliveryChannel } from './delivery.ts';
import { mailSettings } from './mail-settings.ts';
import { notify, type Recipient } from './notify.ts';
import { statusMailReplaced } from './status-mail.ts';
import { renderTemplate } from './templates.ts';
import { messageFacts, recipientByEmail, statusLabel, ticketFacts } from './ticket-facts.ts';

/**
 * The ticket hook of the notification centre (registered in modules/registry.ts): the
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
