import { describe, expect, it } from 'vitest';
import { businessTimeUsed } from './business-durations.ts';
import { BusinessTime } from './domain/business-time.ts';
import type { TicketHistory } from './domain/clocks.ts';
import type { PolicyRule } from './domain/policy.ts';

const at = (local: string) => Date.parse(`${local}+08:00`);
const PAUSES = ['pending_requester', 'pending_vendor'] as const;

const standard: PolicyRule = {
  id: 1,
  name: 'Standard',
  order: 10,
  match: {},
  calendar: new BusinessTime({
    timezone: 'Asia/Shanghai',
    hours: [1, 2, 3, 4, 5].flatMap((weekday) => [
      { weekday, from: '09:00', to: '12:00' },
      { weekday, from: '13:00', to: '18:00' },
    ]),
    holidays: [],
    extraWorkdays: [],
  }),
  calendarName: 'Shanghai office',
  targets: { P3: { firstResponseMinutes: 240, updateMinutes: 480, resolutionMinutes: 960 } },
  pauseStatuses: { firstResponse: PAUSES, nextUpdate: PAUSES, resolution: PAUSES },
  warnAtPercent: 75,
};

// Opened Fri 6 March 16:00, answered 17:30, waiting on the requester Mon 10:00 - Tue 09:30,
// resolved Tue 10:00.
const ticket: TicketHistory = {
  createdAt: at('2026-03-06T16:00'),
  status: 'new',
  attributes: { priority: 'P3', type: 'incident', category: null, organizationId: null },
  events: [
    { at: at('2026-03-06T17:30'), kind: 'agent_reply' },
    { at: at('2026-03-06T17:30'), kind: 'status', to: 'in_progress' },
    { at: at('2026-03-09T10:00'), kind: 'status', to: 'pending_requester' },
    { at: at('2026-03-10T09:30'), kind: 'status', to: 'open' },
    { at: at('2026-03-10T10:00'), kind: 'status', to: 'resolved' },
  ],
};

describe('business time used until the first response and the resolution', () => {
  it('counts calendar hours only, skipping the weekend and the pause', () => {
    const used = businessTimeUsed(ticket, [standard], at('2026-03-06T17:30'), at('2026-03-10T10:00'));
    // Response: Fri 16:00-17:30. Resolution: Fri 16:00-18:00, Mon 09:00-10:00, Tue 09:30-10:00.
    expect(used).toEqual({ responseSeconds: 90 * 60, resolutionSeconds: 3.5 * 3600 });
  });

  it('is empty where there is nothing to measure or no policy applies', () => {
    expect(businessTimeUsed(ticket, [standard], null, null)).toEqual({
      responseSeconds: null,
      resolutionSeconds: null,
    });
    expect(businessTimeUsed(ticket, [], at('2026-03-06T17:30'), at('2026-03-10T10:00'))).toEqual({
      responseSeconds: null,
      resolutionSeconds: null,
    });
  });
});
