import { eq } from 'drizzle-orm';
import type { Answers, CreateServiceRequestInput, FormField } from '../../../../contracts/catalog.ts';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import { catalogRequests } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { requestApproval } from '../approvals/index.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, findActivePerson } from '../identity/index.ts';
import { setTicketPolicy } from '../sla/index.ts';
import { createTicket, getTicket } from '../tickets/index.ts';
import { getItem } from './list-items.ts';
import { moveTicket, startFulfilment } from './start-fulfilment.ts';
import { checkAnswers } from './validate-answers.ts';

/** The answers in words, one line each, in the requester's language: the ticket's description. */
export function describeAnswers(
  form: readonly FormField[],
  answers: Answers,
  locale: 'zh-CN' | 'en',
): string {
  const lines: string[] = [];
  for (const field of form) {
    const value = answers[field.key];
    if (value === undefined) continue;
    const label = (v: string) => field.options?.find((o) => o.value === v)?.label[locale] ?? v;
    const shown = Array.isArray(value)
      ? value.map(label).join(locale === 'zh-CN' ? '、' : ', ')
      : label(String(value));
    lines.push(`${field.label[locale]}${locale === 'zh-CN' ? '：' : ': '}${shown}`);
  }
  return lines.join('\n');
}

/**
 * A requester asks for a catalog service: the answers are checked against the form (400 with
 * the field at fault), a service_request ticket is opened with them, and the request either
 * waits for its approval or its fulfilment tasks start at once.
 */
export async function requestService(options: {
  tx: Tx;
  actor: Actor;
  itemId: number;
  input: CreateServiceRequestInput;
}): Promise<{ requestId: number; ticket: TicketDto }> {
  const { tx, actor, itemId } = options;
  const item = await getItem({ tx, actor, itemId });
  if (!item.published) throw new AppError('catalog.item_not_found');
  const checked = checkAnswers(item.form, options.input.answers);
  if (!checked.ok) {
    const { problem } = checked;
    throw new AppError(problem.code, { field: problem.field, params: problem.params });
  }
  const answers = checked.answers;
  for (const field of item.form) {
    const value = answers[field.key];
    if (field.type === 'user' && typeof value === 'number' && !(await findActivePerson(tx, value))) {
      throw new AppError('catalog.answer_user', { field: `answers.${field.key}` });
    }
  }
  const locale = actor.locale;
  const description =
    describeAnswers(item.form, answers, locale) || item.description[locale] || item.name[locale];
  let ticket = await createTicket({
    tx,
    actor,
    input: {
      subject: item.name[locale],
      description,
      type: 'service_request',
      impact: 'low',
      urgency: 'medium',
    },
  });
  const [request] = await tx
    .insert(catalogRequests)
    .values({
      itemId,
      ticketId: ticket.id,
      answers,
      form: item.form,
      status: item.approval ? 'awaiting_approval' : 'in_fulfilment',
    })
    .returning();
  if (!request) throw new Error('no catalog request inserted');
  // The item's SLA policy, not the one the desk's policy matching picks, times the request.
  if (item.slaPolicyId !== null) {
    await setTicketPolicy(tx, ticket.id, item.slaPolicyId);
    ticket = await getTicket({ tx, actor, ticketId: ticket.id });
  }
  let approvalId: number | null = null;
  if (item.approval) {
    const approval = await requestApproval(tx, {
      subjectType: 'service_request',
      subjectId: request.id,
      ticketId: ticket.id,
      title: `${item.name['zh-CN']} / ${item.name.en} (#${ticket.number})`,
      approverIds: item.approval.approverIds,
      approverRules: item.approval.approverRules ?? [],
      // The requester cannot fix a missing manager or lead: the lead of the ticket's team (else
      // the first administrator) is asked instead, and the timeline says so.
      onUnresolvedRule: 'fallback',
      mode: item.approval.mode,
      requestedBy: actor.id,
    });
    approvalId = approval.id;
    await tx.update(catalogRequests).set({ approvalId }).where(eq(catalogRequests.id, request.id));
  }
  await recordEvent(tx, {
    kind: 'catalog.requested',
    entityType: 'catalog_request',
    entityId: request.id,
    ticketId: ticket.id,
    actorId: actor.id,
    data: { requestId: request.id, itemId, itemName: item.name, approvalId },
  });
  if (item.approval) {
    // It waits for its approval, and says so (its SLA clocks pause as for other waiting).
    await moveTicket(tx, ticket.id, 'pending_approval');
    ticket = await getTicket({ tx, actor, ticketId: ticket.id });
  } else await startFulfilment(tx, request.id);
  return { requestId: request.id, ticket };
}
