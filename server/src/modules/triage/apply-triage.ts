import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { UpdateTicketInput } from '../../../../contracts/tickets.ts';
import type { Tx } from '../../platform/db/database.ts';
import { defineJob, enqueue } from '../../platform/jobs/jobs.ts';
import { recordEvent } from '../audit/index.ts';
import { findTeam, systemActor } from '../identity/index.ts';
import { addMessage, type TicketChange, updateTicket } from '../tickets/index.ts';
import { loadSettings } from './model-store.ts';
import { proposeProblemCandidate } from './problem-candidates.ts';
import { answerStandardRequest } from './standard-requests.ts';
import { predictFields } from './suggest-triage.ts';
import { scheduleRetraining } from './train-triage.ts';

interface NewTicket extends Record<string, unknown> {
  id: number;
  subject: string;
  description: string;
  type: string;
  category_id: number | null;
  team_id: number | null;
  priority: string;
  priority_overridden: boolean;
  requester_id: number;
  error_code: string | null;
  environment: string | null;
  channel: string | null;
  organization_id: number | null;
}

/**
 * A new ticket, just after it was opened: fields the model is confident about (at or above
 * the administrator's threshold) are set, and the timeline says so; a standard request gets
 * its self-help guide as the first reply; a run of similar incidents becomes a problem candidate.
 */
export async function applyTriage(options: { tx: Tx; ticketId: number; now: Date }): Promise<void> {
  const { tx, ticketId, now } = options;
  const result = await tx.execute<NewTicket>(sql`
    select id, subject, description, type, category_id, team_id, priority, priority_overridden, requester_id,
           error_code, environment, channel, organization_id
      from tickets_v where id = ${ticketId} for update`);
  const ticket = result.rows[0];
  if (!ticket) return;
  const bot = await systemActor(tx, 'automation');
  const settings = await loadSettings(tx);
  // Only the learned fields: articles and possible duplicates are for the people who look at
  // the ticket (suggestTriage), and ranking them cost this job half its time.
  const suggestion = await predictFields(
    tx,
    { subject: ticket.subject, description: ticket.description },
    {
      errorCode: ticket.error_code,
      environment: ticket.environment,
      channel: ticket.channel,
      organizationId: ticket.organization_id === null ? null : Number(ticket.organization_id),
    },
  );
  if (settings.autoApply && suggestion.modelId !== null) {
    const sure = (confidence: number) => confidence >= settings.autoApplyThreshold;
    const patch: UpdateTicketInput = {};
    if (ticket.category_id === null && suggestion.category && sure(suggestion.confidences.category))
      patch.category = suggestion.category;
    if (ticket.team_id === null && suggestion.teamId !== null && sure(suggestion.confidences.team)) {
      if (await findTeam(tx, suggestion.teamId)) patch.teamId = suggestion.teamId;
    }
    if (
      !ticket.priority_overridden &&
      suggestion.priority &&
      suggestion.priority !== ticket.priority &&
      sure(suggestion.confidences.priority)
    ) {
      patch.priority = suggestion.priority;
      // A code each reader's interface puts into words, not both languages in one string.
      patch.priorityReason = `triage:${Math.round(suggestion.confidences.priority * 100)}`;
    }
    if (Object.keys(patch).length) {
      await updateTicket({ tx, actor: bot, ticketId, input: patch, now });
      await recordEvent(tx, {
        kind: 'triage.applied',
        entityType: 'ticket',
        entityId: ticketId,
        ticketId,
        actorId: bot.id,
        at: now,
        data: {
          internal: true,
          modelId: suggestion.modelId,
          threshold: settings.autoApplyThreshold,
          applied: {
            ...(patch.category ? { category: patch.category } : {}),
            ...(patch.teamId ? { teamId: patch.teamId } : {}),
            ...(patch.priority ? { priority: patch.priority } : {}),
          },
          confidences: suggestion.confidences,
        },
      });
    }
  }
  await answerStandardRequest({ tx, bot, ticket: { ...ticket, id: ticketId }, now, reply: addMessage });
  await proposeProblemCandidate({ tx, ticketId, now, settings });
}

export const applyTriageJob = defineJob({
  id: 'triage.apply',
  version: 1,
  payload: z.object({ ticketId: z.number().int().positive() }),
  async run(payload, { db, now }) {
    await db.transaction((tx) => applyTriage({ tx, ticketId: payload.ticketId, now }));
  },
});

/** The ticket hook: new tickets are triaged after commit; resolved history schedules a retraining. */
export async function triageOnTicketChange(tx: Tx, change: TicketChange): Promise<void> {
  if (change.kind === 'created' && !change.imported) {
    await enqueue(
      tx,
      applyTriageJob,
      { ticketId: change.ticketId },
      // After mail and timers: triage is a suggestion, and the slowest of a ticket's jobs.
      { jobKey: `triage-apply:${change.ticketId}`, priority: 5 },
    );
  } else if (change.kind === 'imported') {
    await scheduleRetraining(tx, change.at > new Date() ? change.at : new Date());
  } else if (change.kind === 'updated') {
    const to = change.changes.status?.to;
    if (to === 'resolved' || to === 'closed') await scheduleRetraining(tx, change.at);
  }
}
