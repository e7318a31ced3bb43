import type { Priority, TicketStatus } from '../../../../../contracts/tickets.ts';
import { type ClockName, type PolicyRule, TARGET_KEY, type TicketAttributes } from './policy.ts';
import { TIME } from './zone.ts';

export type ClockState = 'running' | 'paused' | 'met' | 'breached';

/** A stretch of time the clock counted, under the policy (and so the calendar) then in force. */
export interface Segment {
  from: number;
  to: number;
  policy: PolicyRule;
}

/** One entry of a clock's history, machine-readable; `explain` turns them into sentences. */
export type ClockStep =
  | { at: number; kind: 'started'; policyId: number | null; policyName: string | null }
  | { at: number; kind: 'cycle_started'; cycle: number }
  | { at: number; kind: 'paused'; status: TicketStatus }
  | {
      at: number;
      kind: 'resumed';
      status: TicketStatus | undefined;
      pausedMs: number;
      pausedBusinessMs: number;
    }
  | { at: number; kind: 'stopped'; reason: string }
  | { at: number; kind: 'reopened' }
  | { at: number; kind: 'priority_changed'; from: Priority; to: Priority }
  | {
      at: number;
      kind: 'policy_changed';
      policyId: number | null;
      policyName: string | null;
      fromPolicyId: number | null;
      fromPolicyName: string | null;
    }
  | { at: number; kind: 'no_policy' }
  | { at: number; kind: 'policy_applies' };

/** The outcome of an earlier next-update cycle. */
export interface CycleSummary {
  cycle: number;
  startedAt: number;
  endedAt: number;
  state: ClockState;
  dueAt: number | null;
}

export interface ClockResult {
  clock: ClockName;
  state: ClockState;
  /** When the target is (or was) reached in business time; null while paused before it. */
  dueAt: number | null;
  /** When the warning threshold is (or was) reached; null while paused before it. */
  warnAt: number | null;
  targetMinutes: number;
  warnAtPercent: number;
  businessMinutesUsed: number;
  usedMs: number;
  /** Business time left (negative when overdue). */
  remainingMs: number;
  /** Whether business time is passing for this clock right now (running, and the calendar is open). */
  countingNow: boolean;
  policyId: number;
  policyName: string;
  priority: Priority;
  timezone: string;
  calendarName: string | null;
  startedAt: number;
  stoppedAt: number | null;
  stopReason: string | null;
  pausedSince: number | null;
  pauseStatus: TicketStatus | null;
  /** Wall-clock time spent paused in this cycle (an open pause counts up to now). */
  pausedMs: number;
  cycle: number;
  cycles: CycleSummary[];
  steps: ClockStep[];
}

/** What `finishClock` reads from a replayed clock. */
export interface ClockRunView {
  name: ClockName;
  cycle: number;
  cycleStart: number;
  stopped: boolean;
  stoppedAt: number | null;
  stopReason: string | null;
  paused: boolean;
  pausedSince: number | null;
  pauseStatus: TicketStatus | null;
  pausedMs: number;
  segments: readonly Segment[];
  steps: readonly ClockStep[];
  cycles: readonly CycleSummary[];
}

/**
 * Judges a replayed clock against the target of `policy` for the ticket's priority: where the
 * counted time crossed the target (and the warning threshold), or, if it has not yet, when
 * it will if nothing changes. Null if the policy sets no target for this clock and priority.
 */
export function finishClock(options: {
  run: ClockRunView;
  policy: PolicyRule | null;
  attributes: TicketAttributes;
  now: number;
}): ClockResult | null {
  const { run, policy, attributes, now } = options;
  if (!policy) return null;
  const minutes = policy.targets[attributes.priority]?.[TARGET_KEY[run.name]];
  if (minutes === undefined) return null;
  const target = minutes * TIME.MINUTE;
  const warnTarget = Math.floor((target * policy.warnAtPercent) / 100);
  let used = 0;
  let dueAt: number | null = target === 0 ? run.cycleStart : null;
  let warnAt: number | null = warnTarget === 0 ? run.cycleStart : null;
  for (const segment of run.segments) {
    const part = segment.policy.calendar.between(segment.from, segment.to);
    if (dueAt === null && used + part >= target)
      dueAt = segment.policy.calendar.add(segment.from, target - used);
    if (warnAt === null && used + part >= warnTarget) {
      warnAt = segment.policy.calendar.add(segment.from, warnTarget - used);
    }
    used += part;
  }
  const running = !run.stopped && !run.paused;
  if (running) {
    dueAt ??= policy.calendar.add(now, target - used);
    warnAt ??= policy.calendar.add(now, warnTarget - used);
  } else if (run.stopped && run.stoppedAt !== null) {
    // The deadline as it stood when the clock stopped.
    dueAt ??= policy.calendar.add(run.stoppedAt, target - used);
  }
  let state: ClockState;
  if (run.stopped)
    state = dueAt !== null && run.stoppedAt !== null && dueAt < run.stoppedAt ? 'breached' : 'met';
  else if (dueAt !== null && dueAt <= now) state = 'breached';
  else state = run.paused ? 'paused' : 'running';
  const openPause = run.paused && run.pausedSince !== null ? now - run.pausedSince : 0;
  return {
    clock: run.name,
    state,
    dueAt,
    warnAt,
    targetMinutes: minutes,
    warnAtPercent: policy.warnAtPercent,
    businessMinutesUsed: Math.floor(used / TIME.MINUTE),
    usedMs: used,
    remainingMs: target - used,
    countingNow: running && policy.calendar.isOpen(now),
    policyId: policy.id,
    policyName: policy.name,
    priority: attributes.priority,
    timezone: policy.calendar.definition.timezone,
    calendarName: policy.calendarName,
    startedAt: run.cycleStart,
    stoppedAt: run.stoppedAt,
    stopReason: run.stopReason,
    pausedSince: run.paused ? run.pausedSince : null,
    pauseStatus: run.paused ? run.pauseStatus : null,
    pausedMs: run.pausedMs + openPause,
    cycle: run.cycle,
    cycles: [...run.cycles],
    steps: [...run.steps],
  };
}
