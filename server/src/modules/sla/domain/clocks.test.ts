import { describe, expect, it } from 'vitest';
import type { TicketStatus } from '../../../../../contracts/tickets.ts';
import { BusinessTime, ROUND_THE_CLOCK } from './business-time.ts';
import { computeClocks, type HistoryEvent, type TicketHistory } from './clocks.ts';
import type { PolicyRule, TicketAttributes } from './policy.ts';

const MIN = 60_000;
const at = (local: string) => Date.parse(`${local}+08:00`);
const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());

const officeHours = new BusinessTime({
  timezone: 'Asia/Shanghai',
  hours: [1, 2, 3, 4, 5].flatMap((weekday) => [
    { weekday, from: '09:00', to: '12:00' },
    { weekday, from: '13:00', to: '18:00' },
  ]),
  holidays: [],
  extraWorkdays: [],
});
const PAUSES = ['pending_requester', 'pending_vendor'] as const;
const pauseStatuses = { firstResponse: PAUSES, nextUpdate: PAUSES, resolution: PAUSES };

const standard: PolicyRule = {
  id: 2,
  name: 'Standard',
  order: 20,
  match: {},
  calendar: officeHours,
  calendarName: 'Shanghai office',
  targets: {
    P1: { firstResponseMinutes: 30, updateMinutes: 60, resolutionMinutes: 240 },
    P3: { firstResponseMinutes: 240, updateMinutes: 480, resolutionMinutes: 960 },
  },
  pauseStatuses,
  warnAtPercent: 75,
};
const critical: PolicyRule = {
  id: 1,
  name: 'Critical 24x7',
  order: 10,
  match: { priority: ['P1'] },
  calendar: new BusinessTime(ROUND_THE_CLOCK),
  calendarName: null,
  targets: { P1: { firstResponseMinutes: 30, updateMinutes: 60, resolutionMinutes: 240 } },
  pauseStatuses,
  warnAtPercent: 75,
};

const p3: TicketAttributes = {
  priority: 'P3',
  type: 'incident',
  category: '软件/财务系统',
  organizationId: null,
};

function history(createdAt: string, events: HistoryEvent[], attributes = p3): TicketHistory {
  return { createdAt: at(createdAt), status: 'new', attributes, events };
}
const status = (local: string, to: TicketStatus): HistoryEvent => ({
  at: at(local),
  kind: 'status',
  to,
});
const reply = (local: string): HistoryEvent => ({ at: at(local), kind: 'agent_reply' });

describe('computeClocks', () => {
  it('stops the first-response clock at the first public reply (met), across the lunch break', () => {
    const clocks = computeClocks(
      history('2024-09-02T10:00:00', [reply('2024-09-02T13:30:00')]),
      [standard],
      at('2024-09-02T14:00:00'),
    );
    expect(clocks.policyId).toBe(2);
    expect(clocks.firstResponse).toMatchObject({
      state: 'met',
      businessMinutesUsed: 150,
      targetMinutes: 240,
    });
    // The deadline as it stood at the reply: 90 business minutes after 13:30.
    expect(iso(clocks.firstResponse?.dueAt)).toBe('2024-09-02T07:00:00.000Z');
  });

  it('pauses while waiting on the requester and moves the deadline by the business time paused', () => {
    const clocks = computeClocks(
      history('2024-09-02T10:00:00', [
        status('2024-09-02T11:00:00', 'open'),
        status('2024-09-02T16:00:00', 'pending_requester'),
        status('2024-09-03T10:00:00', 'open'),
      ]),
      [standard],
      at('2024-09-03T11:00:00'),
    );
    const resolution = clocks.resolution;
    // Mon 10-12 (120) + 13-16 (180) + Tue 10-11 (60).
    expect(resolution).toMatchObject({ state: 'running', businessMinutesUsed: 360, remainingMs: 600 * MIN });
    // 600 left from Tue 11:00: Tue 11-12 (60), 13-18 (300), Wed 9-12 (180), 13-14 (60).
    expect(iso(resolution?.dueAt)).toBe('2024-09-04T06:00:00.000Z');
    // Warning at 75% (720 min): 360 left from Tue 11:00 ends exactly at Tue 18:00.
    expect(iso(resolution?.warnAt)).toBe('2024-09-03T10:00:00.000Z');
    const resumed = resolution?.steps.find((step) => step.kind === 'resumed');
    expect(resumed).toMatchObject({
      status: 'pending_requester',
      pausedMs: 18 * 60 * MIN,
      pausedBusinessMs: 180 * MIN,
    });
    expect(resolution?.pausedMs).toBe(18 * 60 * MIN);
  });

  it('reports a paused clock without a deadline while the pause lasts', () => {
    const clocks = computeClocks(
      history('2024-09-02T10:00:00', [status('2024-09-02T11:00:00', 'pending_vendor')]),
      [standard],
      at('2024-09-03T11:00:00'),
    );
    expect(clocks.resolution).toMatchObject({
      state: 'paused',
      dueAt: null,
      businessMinutesUsed: 60,
      pauseStatus: 'pending_vendor',
      pausedSince: at('2024-09-02T11:00:00'),
    });
  });

  it('counts nothing for a pause that starts and ends outside opening hours', () => {
    const clocks = computeClocks(
      history('2024-09-02T09:00:00', [
        status('2024-09-02T20:00:00', 'pending_requester'),
        status('2024-09-03T08:00:00', 'open'),
      ]),
      [standard],
      at('2024-09-03T10:00:00'),
    );
    // Mon 9-12, 13-18 (480) + Tue 9-10 (60): the night pause changed nothing.
    expect(clocks.resolution?.businessMinutesUsed).toBe(540);
    const resumed = clocks.resolution?.steps.find((step) => step.kind === 'resumed');
    expect(resumed).toMatchObject({ pausedMs: 12 * 60 * MIN, pausedBusinessMs: 0 });
  });

  it('stops counting at a pause that ends outside opening hours', () => {
    const clocks = computeClocks(
      history('2024-09-02T09:00:00', [
        status('2024-09-02T16:00:00', 'pending_requester'),
        status('2024-09-02T22:00:00', 'open'),
      ]),
      [standard],
      at('2024-09-03T10:00:00'),
    );
    // Mon 9-12 (180) + 13-16 (180) + Tue 9-10 (60); Mon 16-18 was paused.
    expect(clocks.resolution?.businessMinutesUsed).toBe(420);
  });

  it('breaches a first response that is overdue, with the deadline it had', () => {
    const clocks = computeClocks(
      history('2024-09-02T10:00:00', [], { ...p3, priority: 'P1' }),
      [standard],
      at('2024-09-02T11:00:00'),
    );
    expect(clocks.firstResponse).toMatchObject({
      state: 'breached',
      businessMinutesUsed: 60,
      remainingMs: -30 * MIN,
    });
    expect(iso(clocks.firstResponse?.dueAt)).toBe('2024-09-02T02:30:00.000Z');
  });

  it('restarts the next-update clock at every public reply and keeps the earlier cycles', () => {
    const clocks = computeClocks(
      history('2024-09-02T09:00:00', [reply('2024-09-02T15:00:00')]),
      [standard],
      at('2024-09-02T16:00:00'),
    );
    const update = clocks.nextUpdate;
    expect(update).toMatchObject({ state: 'running', cycle: 2, businessMinutesUsed: 60 });
    // 480 from Mon 15:00: Mon 15-18 (180), Tue 9-12 (180), 13-15 (120).
    expect(iso(update?.dueAt)).toBe('2024-09-03T07:00:00.000Z');
    // Cycle 1 used 300 of 480 minutes by the reply at 15:00: its deadline stood at 18:00.
    expect(update?.cycles).toEqual([
      {
        cycle: 1,
        startedAt: at('2024-09-02T09:00:00'),
        endedAt: at('2024-09-02T15:00:00'),
        state: 'met',
        dueAt: at('2024-09-02T18:00:00'),
      },
    ]);
  });

  it('stops clocks at resolution and resumes the resolution clock on reopen', () => {
    const events = [status('2024-09-02T10:00:00', 'resolved'), status('2024-09-03T09:00:00', 'open')];
    const clocks = computeClocks(
      history('2024-09-02T09:00:00', events),
      [standard],
      at('2024-09-03T10:30:00'),
    );
    expect(clocks.firstResponse).toMatchObject({ state: 'met', stopReason: 'resolved' });
    expect(clocks.resolution).toMatchObject({ state: 'running', businessMinutesUsed: 150 });
    expect(clocks.resolution?.steps.map((s) => s.kind)).toEqual(['started', 'stopped', 'reopened']);
    const resolvedOnly = computeClocks(
      history('2024-09-02T09:00:00', events.slice(0, 1)),
      [standard],
      at('2024-09-03T10:30:00'),
    );
    expect(resolvedOnly.resolution).toMatchObject({ state: 'met', businessMinutesUsed: 60 });
  });

  it('applies a policy change mid-ticket: each stretch on its own calendar, the new target at the end', () => {
    // Friday 17:00 P3 under Standard (office hours); raised to P1 at 20:00, which Critical 24x7 matches.
    const clocks = computeClocks(
      history('2024-09-06T17:00:00', [
        { at: at('2024-09-06T20:00:00'), kind: 'attributes', changes: { priority: 'P1' } },
      ]),
      [standard, critical],
      at('2024-09-06T21:00:00'),
    );
    expect(clocks.policyId).toBe(1);
    // Resolution: Fri 17-18 in office hours (60) + 20-21 round the clock (60); P1 target 240.
    expect(clocks.resolution).toMatchObject({
      state: 'running',
      businessMinutesUsed: 120,
      targetMinutes: 240,
    });
    expect(iso(clocks.resolution?.dueAt)).toBe('2024-09-06T15:00:00.000Z');
    // First response: the 30-minute P1 target was already passed at 17:30 under Standard.
    expect(clocks.firstResponse).toMatchObject({ state: 'breached', targetMinutes: 30 });
    expect(iso(clocks.firstResponse?.dueAt)).toBe('2024-09-06T09:30:00.000Z');
    const kinds = clocks.resolution?.steps.map((s) => s.kind);
    expect(kinds).toEqual(['started', 'priority_changed', 'policy_changed']);
  });

  it('follows the daylight-saving change of the calendar zone', () => {
    const berlin: PolicyRule = {
      ...standard,
      calendar: new BusinessTime({
        timezone: 'Europe/Berlin',
        hours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '09:00', to: '17:00' })),
        holidays: [],
        extraWorkdays: [],
      }),
      targets: { P3: { firstResponseMinutes: 120 } },
    };
    const created = Date.parse('2024-10-25T16:00:00+02:00');
    const clocks = computeClocks(
      { createdAt: created, status: 'new', attributes: p3, events: [] },
      [berlin],
      created + 30 * MIN,
    );
    expect(iso(clocks.firstResponse?.dueAt)).toBe('2024-10-28T09:00:00.000Z');
    expect(clocks.nextUpdate).toBeNull();
  });

  it('has no clocks when no policy matches, and counts nothing while none applies', () => {
    const onlyCritical = computeClocks(
      history('2024-09-02T09:00:00', []),
      [critical],
      at('2024-09-02T10:00:00'),
    );
    expect(onlyCritical).toMatchObject({ policyId: null, firstResponse: null, resolution: null });
    const later = computeClocks(
      history('2024-09-02T09:00:00', [
        { at: at('2024-09-02T10:00:00'), kind: 'attributes', changes: { priority: 'P1' } },
      ]),
      [critical],
      at('2024-09-02T10:10:00'),
    );
    expect(later.firstResponse).toMatchObject({ state: 'running', businessMinutesUsed: 10 });
  });

  it('ignores events after now, so a past moment can be replayed', () => {
    const events = [reply('2024-09-02T10:00:00')];
    const before = computeClocks(
      history('2024-09-02T09:00:00', events),
      [standard],
      at('2024-09-02T09:30:00'),
    );
    expect(before.firstResponse).toMatchObject({ state: 'running', businessMinutesUsed: 30 });
  });
});

describe('a policy chosen for the ticket (a catalog item’s)', () => {
  it('runs every clock on it from creation, whatever the matching would pick, while it is in force', () => {
    const raised: HistoryEvent = {
      at: at('2024-09-02T10:00'),
      kind: 'attributes',
      changes: { priority: 'P1' },
    };
    const chosen = { ...history('2024-09-02T09:00', [raised]), policyId: standard.id };
    const pinned = computeClocks(chosen, [critical, standard], at('2024-09-02T11:00'));
    expect(pinned.policyId).toBe(standard.id);
    // Office hours, P1 targets of the chosen policy: 2 business hours of 240 used.
    expect(pinned.resolution?.businessMinutesUsed).toBe(120);
    const matched = computeClocks(
      history('2024-09-02T09:00', [raised]),
      [critical, standard],
      at('2024-09-02T11:00'),
    );
    expect(matched.policyId).toBe(critical.id);
    // A chosen policy no longer in force (switched off): the matching applies again.
    const gone = computeClocks({ ...chosen, policyId: 99 }, [critical, standard], at('2024-09-02T11:00'));
    expect(gone.policyId).toBe(critical.id);
  });
});
