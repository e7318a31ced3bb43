import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { BeginRead, Tx } from '../../platform/db/database.ts';
import { enqueueDebounced, jobSpec } from '../../platform/jobs/jobs.ts';

/**
 * What happened to a ticket, told to the modules that follow tickets (SLA clocks, search
 * index, notifications, routing). The ticket use cases call `runTicketHooks` explicitly,
 * inside their transaction, after the audit event.
 *
 * Two kinds of listener:
 * - a hook (`onTicketChange`) runs in the change's transaction: its writes commit with the
 *   change or not at all. For what the ticket itself must show at once (routing, SLA clocks).
 * - a follow-up (`afterTicketChange`) runs after commit, in order, several changes at a time
 *   (`follow-ups.ts`): the ticket transaction only records the change. For what may trail the
 *   change by a moment (search index, notifications, report facts), so that opening a ticket
 *   stays cheap, and a burst of new tickets is taken in at once and followed up as fast as
 *   the machine allows. A follow-up reads the ticket as it is when it runs.
 */
export type TicketChange =
  | { kind: 'created'; ticketId: number; actorId: number | null; at: Date; imported?: boolean }
  | {
      kind: 'updated';
      ticketId: number;
      actorId: number | null;
      at: Date;
      changes: Record<string, { from: unknown; to: unknown }>;
    }
  | {
      kind: 'message';
      ticketId: number;
      actorId: number | null;
      at: Date;
      messageId: number;
      internal: boolean;
      fromStaff: boolean;
      /** Why the message was written, when it answers something (the requester's "not fixed"). */
      purpose?: MessagePurpose;
    }
  | { kind: 'imported'; ticketId: number; actorId: number | null; at: Date };

/** A message that answers the resolution: the requester's reason for "not fixed". */
export type MessagePurpose = 'resolution_rejected';

export type TicketHook = (tx: Tx, change: TicketChange) => Promise<void>;
/**
 * A follow-up, or a hook that can take several changes at once (tickets opened together), is
 * given the changes in the order they happened.
 */
export type TicketFollowUp = (tx: Tx, changes: readonly TicketChange[]) => Promise<void>;

const hooks: TicketFollowUp[] = [];
const followUps: TicketFollowUp[] = [];

/**
 * `deferred`: follow-ups run after commit (the product). `inline`: right after the hooks, in
 * the change's transaction, as a test wants to observe them (the way a job framework's
 * inline adapter runs jobs in tests).
 */
let followUpMode: 'deferred' | 'inline' = 'deferred';

/**
 * The advisory lock key ('tkfw' as a number) that every transaction recording changes holds,
 * shared, until it commits; the follow-up run checks it exclusively before it ends.
 */
export const FOLLOW_UP_WRITERS_LOCK = 0x746b6677;

/** The job that works off recorded changes (follow-ups.ts). */
export const FOLLOW_UP_JOB = jobSpec<Record<string, unknown>>({
  id: 'tickets.follow_up',
  version: 1,
  payload: z.object({}),
});

const perChange = new Map<TicketHook, TicketFollowUp>();

/** Registers a module's hook, called once per change; the module registry does this once at start. */
export function onTicketChange(hook: TicketHook): void {
  if (perChange.has(hook)) return;
  const batch = eachChange(hook);
  perChange.set(hook, batch);
  hooks.push(batch);
}

/** Registers a module's hook that takes several changes at once. */
export function onTicketChanges(hook: TicketFollowUp): void {
  if (!hooks.includes(hook)) hooks.push(hook);
}

const creationReads: BeginRead[] = [];

/**
 * Registers a read that a hook makes for every group of new tickets (the rules it applies):
 * the ticket intake sends it with its transaction's BEGIN, and the hook takes its rows from
 * there (`readWithBegin`): a round trip fewer in every intake transaction (issue 18, stop 40).
 */
export function readWithNewTickets(read: BeginRead): void {
  if (!creationReads.some((r) => r.key === read.key)) creationReads.push(read);
}

/** The reads registered with `readWithNewTickets`, for the intake's BEGIN. */
export function newTicketReads(): readonly BeginRead[] {
  return creationReads;
}

/** Registers a module's follow-up; the module registry does this once at start. */
export function afterTicketChange(followUp: TicketFollowUp): void {
  if (!followUps.includes(followUp)) followUps.push(followUp);
}

/** A follow-up from a hook that handles one change at a time. */
export function eachChange(hook: TicketHook): TicketFollowUp {
  return async (tx, changes) => {
    for (const change of changes) await hook(tx, change);
  };
}

export function setFollowUpMode(mode: 'deferred' | 'inline'): void {
  followUpMode = mode;
}

/**
 * Tells the hooks about changes (several at once: each hook sees all of them before the next
 * hook runs), and records them for their follow-ups.
 */
export async function runTicketHooks(tx: Tx, changes: readonly TicketChange[]): Promise<void> {
  if (changes.length === 0) return;
  for (const hook of hooks) await hook(tx, changes);
  if (followUps.length === 0) return;
  if (followUpMode === 'inline') return runFollowUps(tx, changes);
  // The changes recorded and the follow-up run asked for in one statement, whatever the number
  // of changes: of fixed text (planned once per connection), or in the COMMIT's message.
  await scheduleFollowUps(tx, {
    record: sql`insert into ticket_follow_ups (change)
      select c::jsonb from json_array_elements(${JSON.stringify(changes)}::json) c`,
  });
}

/**
 * Asks for a run of the follow-up job unless one is already waiting (`retry`: a later run for
 * changes that failed, under its own key so that it does not delay the next change's run;
 * `laterAt`: a run found another taking its turn, and asks for one a moment later unless a
 * run already waits; `record`: the insert of the changes to follow up, run in the same
 * statement, i.e. one round trip for both).
 */
export async function scheduleFollowUps(
  tx: Tx,
  options: { retryAt?: Date; laterAt?: Date; record?: SQL } = {},
): Promise<void> {
  await enqueueDebounced(tx, FOLLOW_UP_JOB, {
    alongside: options.record,
    // A writer of changes holds this lock until it commits, so that a run cannot end while a
    // change it could not yet see is about to be committed (follow-ups.ts, `noWriterInFlight`).
    hold: options.record ? FOLLOW_UP_WRITERS_LOCK : undefined,
    // The record is a transaction's last write: with its COMMIT where it can go (the intake's).
    withNext: options.record !== undefined,
    jobKey: options.retryAt ? `${FOLLOW_UP_JOB.id}:retry` : FOLLOW_UP_JOB.id,
    runAt: options.retryAt ?? options.laterAt ?? new Date(),
    // A run that fails as a whole (the database gone) is tried again; changes are never lost.
    maxAttempts: 25,
    // Before ordinary jobs: the triage of a burst's tickets (which the follow-ups enqueue)
    // must not keep the rest of their follow-ups (mail, index) waiting.
    priority: -5,
  });
}

/** Runs every registered follow-up over some changes, in the caller's transaction. */
export async function runFollowUps(tx: Tx, changes: readonly TicketChange[]): Promise<void> {
  if (changes.length === 0) return;
  for (const followUp of followUps) await followUp(tx, changes);
}
