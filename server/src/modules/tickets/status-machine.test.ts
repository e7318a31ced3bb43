import { describe, expect, it } from 'vitest';
import { TicketStatus } from '../../../../contracts/tickets.ts';
import { allowedTransitions, isFinal, transition } from './status-machine.ts';

const now = new Date('2026-03-02T08:00:00Z');

describe('ticket status machine', () => {
  it('moves a new ticket through work to closed, stamping resolved and closed times', () => {
    const steps: [TicketStatus, TicketStatus][] = [
      ['new', 'open'],
      ['open', 'in_progress'],
      ['in_progress', 'pending_requester'],
      ['pending_requester', 'in_progress'],
      ['in_progress', 'resolved'],
      ['resolved', 'closed'],
    ];
    for (const [from, to] of steps) expect(transition(from, to, now).ok, `${from} -> ${to}`).toBe(true);
    const resolved = transition('in_progress', 'resolved', now);
    expect(resolved).toEqual({ ok: true, effects: { status: 'resolved', resolvedAt: now, reopened: false } });
    expect(transition('resolved', 'closed', now)).toEqual({
      ok: true,
      effects: { status: 'closed', closedAt: now, reopened: false },
    });
  });

  it('reopens a resolved ticket, clearing its resolution time and counting the reopen', () => {
    expect(transition('resolved', 'open', now)).toEqual({
      ok: true,
      effects: { status: 'open', resolvedAt: null, reopened: true },
    });
  });

  it('refuses moves that skip the process or leave a final status', () => {
    expect(transition('new', 'closed', now).ok).toBe(false);
    expect(transition('open', 'new', now).ok).toBe(false);
    expect(transition('resolved', 'in_progress', now).ok).toBe(false);
    for (const to of TicketStatus.options) {
      expect(transition('closed', to, now).ok).toBe(false);
      expect(transition('cancelled', to, now).ok).toBe(false);
    }
  });

  it('lets every open status be cancelled and names the final ones', () => {
    for (const from of ['new', 'open', 'in_progress', 'pending_requester', 'pending_vendor'] as const) {
      expect(allowedTransitions(from)).toContain('cancelled');
      expect(isFinal(from)).toBe(false);
    }
    expect(isFinal('closed')).toBe(true);
    expect(isFinal('cancelled')).toBe(true);
    expect(isFinal('resolved')).toBe(false);
  });
});
