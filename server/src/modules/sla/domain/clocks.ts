import type { TicketStatus } from '../../../../../contracts/tickets.ts';
import { type ClockResult, type ClockStep, finishClock, type Segment } from './clock-result.ts';
import {
  CLOCK_NAMES,
  type ClockName,
  type PolicyRule,
  selectPolicy,
  sortPolicies,
  type TicketAttributes,
} from './policy.ts';

export type { ClockResult, ClockStep, CycleSummary } from './clock-result.ts';

/** One thing that happened to a ticket, as far as its clocks care. */
export type HistoryEvent =
  | { at: number; kind: 'status'; to: TicketStatus }
  | { at: number; kind: 'attributes'; changes: Partial<TicketAttributes> }
  /** A public reply by the desk: the first response, and a progress update. */
  | { at: number; kind: 'agent_reply' };

/** A ticket's history from its creation, read from the audit log. */
export interface TicketHistory {
  createdAt: number;
  status: TicketStatus;
  attributes: TicketAttributes;
  /** In time order. */
  events: readonly HistoryEvent[];
  /**
   * A policy chosen for this ticket (a catalog item's): it applies from creation whatever the
   * ticket's attributes, while it is among the policies in force; otherwise the matching one.
   */
  policyId?: number | null;
}

export interface SlaComputation {
  policyId: number | null;
  policyName: string | null;
  firstResponse: ClockResult | null;
  nextUpdate: ClockResult | null;
  resolution: ClockResult | null;
}

const DONE: readonly TicketStatus[] = ['resolved', 'closed', 'cancelled'];

/** The mutable state of one clock while the history is replayed. */
interface ClockRun {
  name: ClockName;
  cycle: number;
  cycleStart: number;
  stopped: boolean;
  stoppedAt: number | null;
  stopReason: string | null;
  counting: boolean;
  paused: boolean;
  pausedSince: number | null;
  pauseStatus: TicketStatus | null;
  noPolicy: boolean;
  pausedMs: number;
  segments: Segment[];
  steps: ClockStep[];
  cycles: ClockResult['cycles'];
  /** Policy and priority when the clock stopped (its target is judged by them). */
  stopPolicy: PolicyRule | null;
  stopAttributes: TicketAttributes | null;
}

/**
 * Replays a ticket's history against the SLA policies and returns its three clocks as of
 * `now`: first response (stops at the first public reply by the desk), next update (restarts
 * at every public reply by the desk), and resolution (stops when resolved, resumes when
 * reopened). The policy in force at each moment is the first, by order, that matches the
 * ticket as it was then; each stretch of time is counted on that policy's calendar, and the
 * target is the one of the policy and priority in force at the end. Pure: no I/O, no clock.
 */
export function computeClocks(
  history: TicketHistory,
  policies: readonly PolicyRule[],
  now: number,
): SlaComputation {
  const ordered = sortPolicies(policies);
  const chosen = history.policyId == null ? null : (ordered.find((p) => p.id === history.policyId) ?? null);
  const policyFor = (ticket: TicketAttributes) => chosen ?? selectPolicy(ordered, ticket);
  let status = history.status;
  let attributes: TicketAttributes = { ...history.attributes };
  let policy = policyFor(attributes);
  let time = history.createdAt;
  const runs = CLOCK_NAMES.map((name) => newRun(name, time));
  for (const run of runs) {
    run.steps.push({
      at: time,
      kind: 'started',
      policyId: policy?.id ?? null,
      policyName: policy?.name ?? null,
    });
    sync(run, time, status, policy);
  }

  for (const event of history.events) {
    if (event.at > now) break;
    const at = Math.max(event.at, time);
    for (const run of runs) advance(run, time, at, policy);
    time = at;
    if (event.kind === 'status') {
      const from = status;
      status = event.to;
      if (from === status) continue;
      for (const run of runs) onStatus(run, at, from, status, attributes, policy);
    } else if (event.kind === 'attributes') {
      const before = attributes;
      attributes = { ...attributes, ...event.changes };
      const next = policyFor(attributes);
      for (const run of runs) {
        if (run.stopped) continue;
        if (before.priority !== attributes.priority) {
          run.steps.push({ at, kind: 'priority_changed', from: before.priority, to: attributes.priority });
        }
        if ((next?.id ?? null) !== (policy?.id ?? null)) {
          run.steps.push({
            at,
            kind: 'policy_changed',
            policyId: next?.id ?? null,
            policyName: next?.name ?? null,
            fromPolicyId: policy?.id ?? null,
            fromPolicyName: policy?.name ?? null,
          });
        }
      }
      policy = next;
    } else {
      for (const run of runs) onAgentReply(run, at, attributes, policy);
    }
    for (const run of runs) sync(run, at, status, policy);
  }
  const end = Math.max(now, time);
  for (const run of runs) advance(run, time, end, policy);

  const results = runs.map((run) =>
    finishClock({
      run,
      policy: run.stopped ? run.stopPolicy : policy,
      attributes: run.stopped ? (run.stopAttributes ?? attributes) : attributes,
      now: end,
    }),
  );
  return {
    policyId: policy?.id ?? null,
    policyName: policy?.name ?? null,
    firstResponse: results[0] ?? null,
    nextUpdate: results[1] ?? null,
    resolution: results[2] ?? null,
  };
}

function newRun(name: ClockName, start: number): ClockRun {
  return {
    name,
    cycle: 1,
    cycleStart: start,
    stopped: false,
    stoppedAt: null,
    stopReason: null,
    counting: false,
    paused: false,
    pausedSince: null,
    pauseStatus: null,
    noPolicy: false,
    pausedMs: 0,
    segments: [],
    steps: [],
    cycles: [],
    stopPolicy: null,
    stopAttributes: null,
  };
}

/** Counts [from, to) if the clock is running. */
function advance(run: ClockRun, from: number, to: number, policy: PolicyRule | null): void {
  if (!run.counting || !policy || !(to > from)) return;
  const last = run.segments[run.segments.length - 1];
  if (last && last.to === from && last.policy === policy) last.to = to;
  else run.segments.push({ from, to, policy });
}

/** Brings running / paused in line with the status and policy now in force, noting the change. */
function sync(run: ClockRun, at: number, status: TicketStatus, policy: PolicyRule | null): void {
  if (run.stopped) {
    run.counting = false;
    return;
  }
  const noPolicy = policy === null;
  if (noPolicy !== run.noPolicy) {
    run.steps.push({ at, kind: noPolicy ? 'no_policy' : 'policy_applies' });
    run.noPolicy = noPolicy;
  }
  const paused = policy?.pauseStatuses[run.name].includes(status) ?? false;
  if (paused && !run.paused) {
    run.paused = true;
    run.pausedSince = at;
    run.pauseStatus = status;
    run.steps.push({ at, kind: 'paused', status });
  } else if (!paused && run.paused) {
    endPause(run, at, policy, 'resumed');
  } else if (paused && run.pauseStatus !== status) {
    // From one pausing status to another: the pause goes on, for a new reason.
    endPause(run, at, policy, 'resumed');
    run.paused = true;
    run.pausedSince = at;
    run.pauseStatus = status;
    run.steps.push({ at, kind: 'paused', status });
  }
  run.counting = policy !== null && !paused;
}

function endPause(run: ClockRun, at: number, policy: PolicyRule | null, kind: 'resumed' | 'stopped'): void {
  if (!run.paused || run.pausedSince === null) return;
  const since = run.pausedSince;
  const wall = at - since;
  run.pausedMs += wall;
  if (kind === 'resumed') {
    run.steps.push({
      at,
      kind: 'resumed',
      status: run.pauseStatus ?? undefined,
      pausedMs: wall,
      pausedBusinessMs: policy ? policy.calendar.between(since, at) : wall,
    });
  }
  run.paused = false;
  run.pausedSince = null;
  run.pauseStatus = null;
}

function stop(
  run: ClockRun,
  at: number,
  reason: string,
  attributes: TicketAttributes,
  policy: PolicyRule | null,
) {
  if (run.paused && run.pausedSince !== null) {
    run.steps.push({
      at,
      kind: 'resumed',
      status: run.pauseStatus ?? undefined,
      pausedMs: at - run.pausedSince,
      pausedBusinessMs: policy ? policy.calendar.between(run.pausedSince, at) : at - run.pausedSince,
    });
    endPause(run, at, policy, 'stopped');
  }
  run.stopped = true;
  run.stoppedAt = at;
  run.stopReason = reason;
  run.counting = false;
  run.stopPolicy = policy;
  run.stopAttributes = { ...attributes };
  run.steps.push({ at, kind: 'stopped', reason });
}

function onStatus(
  run: ClockRun,
  at: number,
  from: TicketStatus,
  to: TicketStatus,
  attributes: TicketAttributes,
  policy: PolicyRule | null,
): void {
  const wasDone = DONE.includes(from);
  const isDone = DONE.includes(to);
  if (isDone && !run.stopped) {
    stop(run, at, to, attributes, policy);
    return;
  }
  if (wasDone && !isDone && run.name !== 'firstResponse' && run.stopped) {
    if (run.name === 'nextUpdate') closeCycle(run, attributes, policy, at);
    run.stopped = false;
    run.stoppedAt = null;
    run.stopReason = null;
    run.steps.push({ at, kind: 'reopened' });
  }
}

function onAgentReply(
  run: ClockRun,
  at: number,
  attributes: TicketAttributes,
  policy: PolicyRule | null,
): void {
  if (run.stopped) return;
  if (run.name === 'firstResponse') stop(run, at, 'first_reply', attributes, policy);
  else if (run.name === 'nextUpdate') {
    stop(run, at, 'agent_reply', attributes, policy);
    closeCycle(run, attributes, policy, at);
    run.stopped = false;
    run.stoppedAt = null;
    run.stopReason = null;
  }
}

/** Ends a next-update cycle (its outcome kept in `cycles`) and starts the next one at `at`. */
function closeCycle(
  run: ClockRun,
  attributes: TicketAttributes,
  policy: PolicyRule | null,
  at: number,
): void {
  const finished = finishClock({
    run,
    policy: run.stopPolicy ?? policy,
    attributes: run.stopAttributes ?? attributes,
    now: run.stoppedAt ?? at,
  });
  run.cycles.push({
    cycle: run.cycle,
    startedAt: run.cycleStart,
    endedAt: run.stoppedAt ?? at,
    state: finished?.state ?? 'met',
    dueAt: finished?.dueAt ?? null,
  });
  run.cycle += 1;
  run.cycleStart = at;
  run.segments = [];
  run.pausedMs = 0;
  run.steps = [{ at, kind: 'cycle_started', cycle: run.cycle }];
  run.stopPolicy = null;
  run.stopAttributes = null;
}
