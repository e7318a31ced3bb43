import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { UpdateTicketInput } from '../../../../contracts/tickets.ts';
import type { TriageSettingsDto } from '../../../../contracts/triage.ts';
import type { Tx } from '../../platform/db/database.ts';
import { idArray } from '../../platform/db/id-array.ts';
import { defineJob, enqueue, enqueueMany } from '../../platform/jobs/jobs.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, findTeam, systemActor } from '../identity/index.ts';
import { prefetchQueries, type QueryLookups, queryLookups } from '../search/index.ts';
import { addMessage, type TicketChange, updateTicket } from '../tickets/index.ts';
import { type LoadedModel, latestModel, loadSettings } from './model-store.ts';
import {
  proposeProblemCandidate,
  recordProblemCandidates,
  recurringIncidentsOf,
} from './problem-candidates.ts';
import {
  answerStandardRequest,
  type StandardBatch,
  selfHelpText,
  standardBatch,
} from './standard-requests.ts';
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

/** The fields triage reads of new tickets, their rows locked until the caller commits. */
async function readNewTickets(tx: Tx, ticketIds: readonly number[]): Promise<Map<number, NewTicket>> {
  const result = await tx.execute<NewTicket>(sql`
    select id, subject, description, type, category_id, team_id, priority, priority_overridden, requester_id,
           error_code, environment, channel, organization_id
      from tickets_v where id = any(${idArray(ticketIds)}) order by id for update`);
  return new Map(result.rows.map((row) => [Number(row.id), row]));
}

/**
 * A new ticket, just after it was opened: fields the model is confident about (at or above
 * the administrator's threshold) are set, and the timeline says so; a standard request gets
 * its self-help guide as the first reply; a run of similar incidents becomes a problem candidate.
 */
export async function applyTriage(options: {
  tx: Tx;
  ticketId: number;
  now: Date;
  /** The bot and the settings, when the caller triages several tickets in one transaction. */
  shared?: TriageContext;
  /**
   * Where the ticket goes when the caller looks for the recurring incidents of several tickets
   * together at the end of its transaction (recurringIncidentsOf); by default at once.
   */
  recurring?: number[];
  /** The ticket as `readNewTickets` read and locked it for the caller's batch (null: gone). */
  ticket?: NewTicket | null;
}): Promise<void> {
  const { tx, ticketId, now } = options;
  const ticket =
    options.ticket === undefined ? (await readNewTickets(tx, [ticketId])).get(ticketId) : options.ticket;
  if (!ticket) return;
  const { bot, settings } = options.shared ?? (await triageContext(tx));
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
    options.shared?.model,
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
  await answerStandardRequest({
    tx,
    bot,
    ticket: { ...ticket, id: ticketId },
    now,
    reply: addMessage,
    ...(options.shared?.lookups ? { lookups: options.shared.lookups } : {}),
    ...(options.shared?.batch ? { batch: options.shared.batch } : {}),
  });
  if (!options.recurring) {
    await proposeProblemCandidate({ tx, ticketId, now, settings });
    return;
  }
  options.recurring.push(ticketId);
}

interface TriageContext {
  bot: Actor;
  settings: TriageSettingsDto;
  /** The latest model, read once for the batch (a retraining commits between batches, not inside one). */
  model?: LoadedModel | null;
  /**
   * The self-help search's look-ups (synonyms, term frequencies, spelling) shared by the batch's
   * tickets: a storm's tickets ask about the same words (issue 18).
   */
  lookups?: QueryLookups;
  /** The batch's tickets, for what the standard-request answerers read once per batch. */
  batch?: StandardBatch;
}

async function triageContext(tx: Tx): Promise<TriageContext> {
  return {
    bot: await systemActor(tx, 'automation'),
    settings: await loadSettings(tx),
    model: await latestModel(tx),
    lookups: queryLookups(),
  };
}

/** The advisory lock key of the batches' proposal writing ('tpcl' as a number). */
const PROBLEM_CANDIDATES_LOCK = 0x7470636c;

/**
 * Tickets one `triage.apply_batch` job triages, in one transaction (a savepoint each). Fifty
 * rather than ten (issue 18): the batch's look-ups (its tickets, their self-help queries' term
 * frequencies, the bot, the settings and the model) are read once for all of them. The price:
 * a batch holds its new tickets' rows (read and locked together at its start) until it
 * commits, median 0.8 s and at most 1.4 s for fifty in a 10 s burst at a load of 5-7 (fifth
 * round; before, 2.2 s and 6.6 s), and an agent's edit of one of them waits that long; 25 held
 * them 0.6 s for more CPU per ticket.
 */
export const TRIAGE_BATCH = 50;

/**
 * New tickets triaged together (issue 18): the follow-ups of a batch of changes ask for one job
 * per TRIAGE_BATCH new tickets instead of one per ticket, so that a burst's triage costs a
 * job, a transaction, the bot and the settings per batch. The tickets run in one savepoint,
 * split where one fails (`triageInSavepoints`): a failing ticket is rolled back alone and gets a
 * `triage.apply` job of its own (with the worker's retries), in the same transaction, so that
 * every ticket is triaged exactly once whether the batch commits or, failing as a whole, runs again.
 */
export const applyTriageBatchJob = defineJob({
  id: 'triage.apply_batch',
  version: 1,
  payload: z.object({ ticketIds: z.array(z.number().int().positive()).min(1).max(100) }),
  async run(payload, { db, logger, now }) {
    await db.transaction(async (tx) => {
      const triaged: number[] = [];
      const shared: TriageContext = {
        ...(await triageContext(tx)),
        batch: standardBatch(payload.ticketIds),
      };
      // The batch's tickets in one read (and locked, as each ticket's own read locked it), and
      // their self-help queries' term frequencies in one look-up, not one of each per ticket.
      const tickets = await readNewTickets(tx, payload.ticketIds);
      if (shared.lookups)
        await prefetchQueries(tx, 'article', [...tickets.values()].map(selfHelpText), shared.lookups);
      // One savepoint for the batch (not one per ticket: two statements each); a ticket that
      // fails splits it (`triageInSavepoints`), so that it alone is rolled back and retried.
      await triageInSavepoints(tx, payload.ticketIds, {
        apply: (savepoint, ticketId, recurring) =>
          applyTriage({
            tx: savepoint,
            ticketId,
            now,
            shared,
            recurring,
            ticket: tickets.get(ticketId) ?? null,
          }),
        triaged,
        failed: async (ticketId, error) => {
          logger.warn({ err: error, ticketId }, 'triage of a ticket failed; it is tried again on its own');
          await enqueueTriage(tx, ticketId);
        },
      });
      // The batch's near-identical incidents (a storm of one fault) are ranked once per group.
      const found = await recurringIncidentsOf({ tx, ticketIds: triaged, now, settings: shared.settings });
      // Last, so that the open proposals' rows (which a burst's concurrent batches all want)
      // stay locked only until this commits, not while the whole batch is ranked; one batch at
      // a time, since a batch may lock several proposals and two in opposite orders would deadlock.
      if (found.length > 0) {
        await tx.execute(sql`select pg_advisory_xact_lock(${PROBLEM_CANDIDATES_LOCK})`);
        await recordProblemCandidates(tx, found, now);
      }
    });
  },
});

/**
 * Triages `ticketIds` in order, in as few savepoints as failures allow: all of them in one; if
 * ticket k fails, that savepoint is rolled back (nothing of it stays), the tickets before k run
 * again in one savepoint of their own (they succeeded, and may again), ticket k is handed to
 * `failed`, and the tickets after it go on the same way. Each ticket is thus triaged exactly
 * once in the caller's transaction or handed to `failed` exactly once, and a failing ticket
 * takes no other ticket's triage with it. An error outside any one ticket's triage (the
 * savepoint's release) splits the tickets in halves instead, down to one.
 */
export async function triageInSavepoints(
  tx: Tx,
  ticketIds: readonly number[],
  options: {
    apply: (savepoint: Tx, ticketId: number, recurring: number[]) => Promise<void>;
    /** Where the tickets whose triage committed go, for the batch's recurring incidents. */
    triaged: number[];
    failed: (ticketId: number, error: unknown) => Promise<void>;
  },
): Promise<void> {
  if (ticketIds.length === 0) return;
  const recurring: number[] = [];
  let at = -1;
  try {
    await tx.transaction(async (savepoint) => {
      for (at = 0; at < ticketIds.length; at++)
        await options.apply(savepoint, ticketIds[at] as number, recurring);
      at = -1;
    });
  } catch (error) {
    if (at >= 0) {
      await triageInSavepoints(tx, ticketIds.slice(0, at), options);
      await options.failed(ticketIds[at] as number, error);
      await triageInSavepoints(tx, ticketIds.slice(at + 1), options);
    } else if (ticketIds.length === 1) {
      await options.failed(ticketIds[0] as number, error);
    } else {
      const half = Math.ceil(ticketIds.length / 2);
      await triageInSavepoints(tx, ticketIds.slice(0, half), options);
      await triageInSavepoints(tx, ticketIds.slice(half), options);
    }
    return;
  }
  options.triaged.push(...recurring);
}

function enqueueTriage(tx: Tx, ticketId: number): Promise<void> {
  return enqueue(
    tx,
    applyTriageJob,
    { ticketId },
    // After mail and timers: triage is a suggestion, and the slowest of a ticket's jobs.
    { jobKey: `triage-apply:${ticketId}`, priority: 5 },
  );
}

export const applyTriageJob = defineJob({
  id: 'triage.apply',
  version: 1,
  payload: z.object({ ticketId: z.number().int().positive() }),
  async run(payload, { db, now }) {
    await db.transaction((tx) => applyTriage({ tx, ticketId: payload.ticketId, now }));
  },
});

/**
 * The follow-up: new tickets are triaged after commit, TRIAGE_BATCH to a job (all the jobs of a
 * batch of changes in one statement); resolved history schedules a retraining.
 */
export async function triageOnTicketChanges(tx: Tx, changes: readonly TicketChange[]): Promise<void> {
  const created = changes.flatMap((c) => (c.kind === 'created' && !c.imported ? [c.ticketId] : []));
  if (created.length === 1 && created[0] !== undefined) await enqueueTriage(tx, created[0]);
  else if (created.length > 1) {
    const batches: { payload: { ticketIds: number[] } }[] = [];
    for (let i = 0; i < created.length; i += TRIAGE_BATCH)
      batches.push({ payload: { ticketIds: created.slice(i, i + TRIAGE_BATCH) } });
    await enqueueMany(tx, applyTriageBatchJob, batches, { priority: 5 });
  }
  for (const change of changes) await triageOnTicketChange(tx, change);
}

/** What a change other than a new ticket means for triage: resolved history schedules a retraining. */
async function triageOnTicketChange(tx: Tx, change: TicketChange): Promise<void> {
  if (change.kind === 'imported') {
    await scheduleRetraining(tx, change.at > new Date() ? change.at : new Date());
  } else if (change.kind === 'updated') {
    const to = change.changes.status?.to;
    if (to === 'resolved' || to === 'closed') await scheduleRetraining(tx, change.at);
  }
}
