import { describe, expect, it } from 'vitest';
import { ticketActions } from '../../../../contracts/ticket-status.ts';
import { buildTicket, buildUser } from '../../../test/factories.ts';
import { json, setupTestApp } from '../../../test/harness.ts';

const ctx = await setupTestApp();
const api = (path: string) => `/api/v1${path}`;

describe('actions follow the status machine', () => {
  it('offers work on a problem only while the ticket is open', () => {
    expect(ticketActions('in_progress')).toEqual([
      'resolve',
      'progress_update',
      'escalate',
      'vendor_handoff',
      'declare_major_incident',
      'merge',
    ]);
    expect(ticketActions('resolved')).toEqual(['capture_knowledge']);
    expect(ticketActions('closed')).toEqual(['capture_knowledge']);
    expect(ticketActions('cancelled')).toEqual([]);
  });

  it('refuses to escalate, hand off, update or declare a major incident on a closed ticket', async () => {
    const lead = await buildUser(ctx, { role: 'lead' });
    const requester = await buildUser(ctx);
    const ticket = await buildTicket(ctx, requester, { subject: 'Printer jam', description: 'Third floor' });
    for (const status of ['resolved', 'closed']) {
      const moved = await ctx.app.inject({
        method: 'PATCH',
        url: api(`/tickets/${ticket.id}`),
        headers: lead.headers,
        payload: { status },
      });
      expect(moved.statusCode, moved.body).toBe(200);
    }
    const vendor = await ctx.app.inject({
      method: 'POST',
      url: api('/vendors'),
      headers: (await buildUser(ctx, { role: 'admin' })).headers,
      payload: { name: `Vendor ${ticket.id}`, resolutionMinutes: 480 },
    });
    expect(vendor.statusCode, vendor.body).toBe(201);
    const attempts = [
      { url: `/tickets/${ticket.id}/escalations`, payload: { kind: 'hierarchical', reason: 'Slow' } },
      {
        url: `/tickets/${ticket.id}/vendor-handoffs`,
        payload: { vendorId: json<{ id: number }>(vendor).id },
      },
      {
        url: `/tickets/${ticket.id}/progress-updates`,
        payload: { impact: 'Printing', expectedAt: '2030-01-01T10:00:00+08:00' },
      },
      { url: '/major-incidents', payload: { title: 'Printers down', ticketId: ticket.id } },
    ];
    for (const attempt of attempts) {
      const response = await ctx.app.inject({
        method: 'POST',
        url: api(attempt.url),
        headers: lead.headers,
        payload: attempt.payload,
      });
      expect(response.statusCode, `${attempt.url}: ${response.body}`).toBe(409);
      expect(json<{ error: { code: string } }>(response).error.code).toBe('ticket.action_not_allowed');
    }
    const incidents = await ctx.app.inject({ url: api('/major-incidents'), headers: lead.headers });
    expect(JSON.stringify(incidents.json())).not.toContain('Printers down');
  });
});
