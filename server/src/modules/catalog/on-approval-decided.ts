import { eq } from 'drizzle-orm';
import type { TicketStatus } from '../../../../contracts/tickets.ts';
import { catalogRequests } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { type RecordedEvent, recordEvent } from '../audit/index.ts';
import { findPerson, systemActor } from '../identity/index.ts';
import { addMessage, findTicketRecord, isFinal } from '../tickets/index.ts';
import { moveTicket, startFulfilment } from './start-fulfilment.ts';

type Ending = 'rejected' | 'expired' | 'cancelled';

function rejectionReply(locale: string, outcome: Ending, comment: string | null): string {
  if (locale === 'en') {
    const why =
      outcome === 'expired'
        ? 'nobody approved it before its deadline'
        : outcome === 'cancelled'
          ? 'its approval was withdrawn'
          : 'it was not approved';
    return `Your request was closed: ${why}.${comment ? `\n\nReason: ${comment}` : ''}\n\nReply to this ticket or make a new request if you still need it.`;
  }
  const why =
    outcome === 'expired'
      ? '审批在截止时间前未获通过'
      : outcome === 'cancelled'
        ? '审批已被撤销'
        : '审批未通过';
  return `您的服务申请已关闭：${why}。${comment ? `\n\n原因：${comment}` : ''}\n\n如仍有需要，请回复本工单或重新提交申请。`;
}

/**
 * The approval engine decided a service request: approved starts its fulfilment; rejected,
 * expired or cancelled closes the ticket with the reason told to the requester in a public reply.
 * Runs in the deciding transaction (audit onEvent).
 */
export async function catalogOnApprovalDecided(
  tx: Tx,
  event: RecordedEvent<'approval.decided'>,
): Promise<void> {
  const { data } = event;
  if (data.subjectType !== 'service_request') return;
  const [request] = await tx
    .select()
    .from(catalogRequests)
    .where(eq(catalogRequests.id, data.subjectId))
    .for('update');
  if (request?.status !== 'awaiting_approval') return;
  const ticket = await findTicketRecord(tx, request.ticketId);
  if (data.outcome === 'approved') {
    // A ticket cancelled or closed while it waited gets no tasks.
    if (ticket && !isFinal(ticket.status as TicketStatus)) {
      await startFulfilment(tx, request.id);
      // An item without tasks leaves the work to the agents: the ticket waits no more.
      const after = await findTicketRecord(tx, request.ticketId);
      if (after?.status === 'pending_approval') await moveTicket(tx, request.ticketId, 'open');
    }
    return;
  }
  const status = data.outcome === 'cancelled' ? 'cancelled' : 'rejected';
  await tx.update(catalogRequests).set({ status }).where(eq(catalogRequests.id, request.id));
  const automation = await systemActor(tx, 'automation');
  // What the requester may read: the reason of a reject or a cancel (v1 events: a reject's comment).
  const told = data.publicComment ?? (data.outcome === 'rejected' ? data.comment : null);
  const comment = told?.trim() ? told.trim() : null;
  await recordEvent(tx, {
    kind: 'catalog.request_rejected',
    entityType: 'catalog_request',
    entityId: request.id,
    ticketId: request.ticketId,
    actorId: automation.id,
    data: { requestId: request.id, outcome: data.outcome, comment },
  });
  const requester = ticket ? await findPerson(tx, ticket.requesterId) : null;
  await addMessage({
    tx,
    actor: automation,
    ticketId: request.ticketId,
    input: { body: rejectionReply(requester?.locale ?? 'zh-CN', data.outcome, comment), internal: false },
  });
  await moveTicket(tx, request.ticketId, 'cancelled');
}
