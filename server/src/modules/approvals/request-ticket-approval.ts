import type { ApprovalDto, ApproverRule, TicketApprovalInput } from '../../../../contracts/approvals.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { assertTicketVisible, isFinal } from '../tickets/index.ts';
import { requestApproval } from './request-approval.ts';
import { loadApproval, presentApprovals, viewerOf } from './store.ts';

/** An agent asks for approval on a ticket (`POST /tickets/{id}/approvals`): the subject is the ticket. */
export async function requestTicketApproval(options: {
  tx: Tx;
  actor: Actor;
  ticketId: number;
  input: {
    title: string;
    approverIds?: number[] | undefined;
    approverRules?: ApproverRule[] | undefined;
    mode: TicketApprovalInput['mode'] & string;
    deadline?: string | null | undefined;
    remindAfterMinutes?: number | null | undefined;
  };
}): Promise<ApprovalDto> {
  const { tx, actor, ticketId, input } = options;
  assertCan(actor, 'ticket.work');
  const ticket = await assertTicketVisible(tx, actor, ticketId);
  if (isFinal(ticket.status)) throw new AppError('approval.ticket_closed');
  const { id } = await requestApproval(tx, {
    subjectType: 'ticket',
    subjectId: ticketId,
    ticketId,
    title: input.title,
    approverIds: input.approverIds ?? [],
    approverRules: input.approverRules ?? [],
    // A person asks: a rule that finds nobody is a 400 they can act on.
    onUnresolvedRule: 'reject',
    mode: input.mode,
    deadline: input.deadline ? new Date(input.deadline) : null,
    remindAfterMinutes: input.remindAfterMinutes ?? null,
    requestedBy: actor.id,
  });
  const loaded = await loadApproval(tx, id);
  if (!loaded) throw new Error('approval vanished');
  const [dto] = await presentApprovals(tx, [loaded], viewerOf(actor));
  if (!dto) throw new Error('approval vanished');
  return dto;
}
