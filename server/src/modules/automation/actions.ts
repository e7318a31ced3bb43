import type { ActionResult, RuleAction } from '../../../../contracts/automation.ts';
import type { TicketDto, UpdateTicketInput } from '../../../../contracts/tickets.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { createEscalation } from '../escalation/index.ts';
import { type Actor, findTeam, findUserById } from '../identity/index.ts';
import { notify, renderText } from '../notifications/index.ts';
import { addMessage, updateTicket } from '../tickets/index.ts';
import { runbookRunner } from './runbook-port.ts';

/** The event name of an automation rule's `notify` action (bell, and the person's channels). */
export const AUTOMATION_NOTICE_EVENT = 'automation.notice';

/** The variables a reply or notice may use: `{{ticket.number}}`, `{{requester.name}}` ... */
function variables(ticket: TicketDto) {
  return {
    ticket: {
      id: ticket.id,
      number: ticket.number,
      subject: ticket.subject,
      status: ticket.status,
      priority: ticket.priority,
      category: ticket.category ?? '',
    },
    requester: { name: ticket.requester.name, email: ticket.requester.email },
  };
}

async function localeOf(tx: Tx, userId: number): Promise<'zh-CN' | 'en'> {
  const user = await findUserById(tx, userId);
  return user?.locale === 'en' ? 'en' : 'zh-CN';
}

/**
 * What an action will do with the values it will use (the reply in the requester's language,
 * the team's name ...), without doing it: the dry run's answer and the run log's detail.
 */
export async function describeAction(
  tx: Tx,
  action: RuleAction,
  ticket: TicketDto,
): Promise<Record<string, unknown>> {
  switch (action.type) {
    case 'add_tag':
      return { tag: action.tag };
    case 'assign_team': {
      const team = await findTeam(tx, action.teamId);
      return { teamId: action.teamId, team: team?.name ?? null, from: ticket.team?.name ?? null };
    }
    case 'assign_agent': {
      const agent = await findUserById(tx, action.agentId);
      return { agentId: action.agentId, agent: agent?.name ?? null, from: ticket.assignee?.name ?? null };
    }
    case 'set_priority':
      return { priority: action.priority, reason: action.reason, from: ticket.priority };
    case 'set_status':
      return { status: action.status, from: ticket.status };
    case 'reply': {
      const locale = await localeOf(tx, ticket.requester.id);
      return { locale, body: renderText(action.template[locale], variables(ticket)) };
    }
    case 'internal_note':
      return { body: renderText(action.body, variables(ticket)) };
    case 'escalate':
      return { kind: action.kind, toTeamId: action.toTeamId ?? null, reason: action.reason };
    case 'notify':
      return { userIds: action.userIds };
    case 'run_runbook':
      return { runbookId: action.runbookId };
  }
}

/** Whether the ticket already is as the action wants it (the action would change nothing). */
export function alreadyDone(action: RuleAction, ticket: TicketDto): boolean {
  switch (action.type) {
    case 'add_tag':
      return ticket.tags.includes(action.tag);
    case 'assign_team':
      return ticket.team?.id === action.teamId;
    case 'assign_agent':
      return ticket.assignee?.id === action.agentId;
    case 'set_priority':
      return ticket.priority === action.priority && ticket.priorityOverridden;
    case 'set_status':
      return ticket.status === action.status;
    default:
      return false;
  }
}

/**
 * Runs one action on the ticket as the automation account. `unchanged` when the ticket
 * already is as the action wants it (no event, so no rule runs again for nothing).
 */
export async function runAction(
  tx: Tx,
  actor: Actor,
  action: RuleAction,
  ticket: TicketDto,
): Promise<{ outcome: ActionResult['outcome']; detail: Record<string, unknown> }> {
  const detail = await describeAction(tx, action, ticket);
  const update = async (input: UpdateTicketInput) => {
    await updateTicket({ tx, actor, ticketId: ticket.id, input });
    return { outcome: 'done' as const, detail };
  };
  if (alreadyDone(action, ticket)) return { outcome: 'unchanged', detail };
  switch (action.type) {
    case 'add_tag':
      return update({ tags: [...ticket.tags, action.tag] });
    case 'assign_team':
      return update({ teamId: action.teamId });
    case 'assign_agent':
      return update({ assigneeId: action.agentId });
    case 'set_priority':
      return update({ priority: action.priority, priorityReason: action.reason });
    case 'set_status':
      return update({ status: action.status });
    case 'reply':
      await addMessage({
        tx,
        actor,
        ticketId: ticket.id,
        input: { body: String(detail.body), internal: false, channel: 'api' },
      });
      return { outcome: 'done', detail };
    case 'internal_note':
      await addMessage({
        tx,
        actor,
        ticketId: ticket.id,
        input: { body: String(detail.body), internal: true, channel: 'api' },
      });
      return { outcome: 'done', detail };
    case 'escalate':
      await createEscalation({
        tx,
        actor,
        ticketId: ticket.id,
        input: {
          kind: action.kind,
          reason: action.reason,
          tried: '',
          ...(action.toTeamId ? { toTeamId: action.toTeamId } : {}),
        },
      });
      return { outcome: 'done', detail };
    case 'notify':
      for (const userId of action.userIds) {
        const user = await findUserById(tx, userId);
        if (!user?.active) throw new AppError('automation.user_not_found', { field: 'userIds' });
        const locale = user.locale === 'en' ? 'en' : 'zh-CN';
        const body = renderText(action.message[locale], variables(ticket));
        await notify(
          tx,
          { id: user.id, email: user.email, name: user.name, locale },
          {
            event: AUTOMATION_NOTICE_EVENT,
            title: `#${ticket.number} ${ticket.subject}`,
            body,
            ticketId: ticket.id,
          },
        );
      }
      return { outcome: 'done', detail };
    case 'run_runbook': {
      const run = await runbookRunner()(tx, { runbookId: action.runbookId, ticketId: ticket.id, actor });
      return { outcome: 'done', detail: { ...detail, runId: run.id } };
    }
  }
}
