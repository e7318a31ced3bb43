import { serializerCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { TicketDto } from '../../../../contracts/tickets.ts';
import { fastSerializerCompiler } from './fast-serializer.ts';

const clock = {
  dueAt: '2026-12-05T08:00:00.000Z',
  state: 'running',
  businessMinutesUsed: 12,
  targetMinutes: 60,
  remainingMinutes: -48.5,
  countingNow: true,
  warnAt: '2026-12-05T07:45:00.000Z',
  pausedSince: null,
  stoppedAt: null,
};

const bare = {
  id: 5000,
  number: 15000,
  type: 'incident',
  category: null,
  subject: 'VPN 连接超时',
  description: '',
  errorCode: null,
  environment: null,
  stepsTried: null,
  businessImpact: null,
  occurredAt: null,
  channel: 'portal',
  impact: 'medium',
  urgency: 'high',
  priority: 'P2',
  priorityOverridden: false,
  priorityReason: null,
  status: 'new',
  requester: { id: 7, name: '张三', email: 'a@example.com' },
  organizationId: null,
  team: null,
  assignee: null,
  reopenCount: 0,
  externalId: null,
  createdAt: '2026-12-05T06:00:00.000Z',
  updatedAt: '2026-12-05T06:00:00.000Z',
  resolvedAt: null,
  closedAt: null,
  tags: [],
  links: [],
  sla: null,
  assets: [],
  problem: null,
};

const full = {
  ...bare,
  category: '硬件/打印机',
  subject: 'quotes " and \\ backslash, </script>, \u2028 line separator, emoji 🖨️, tab\t',
  description: '自从昨天插件更新后，导出月度报表时报错。\n'.repeat(20),
  errorCode: 'FIN-4012',
  environment: 'Windows 11',
  stepsTried: 'restart',
  businessImpact: '财务部 12 人',
  occurredAt: '2026-12-04T23:59:59.000Z',
  priorityOverridden: true,
  priorityReason: 'VIP',
  status: 'pending_vendor',
  organizationId: 3,
  team: { id: 1, name: '一线服务台', tier: 'L1' },
  assignee: { id: 9, name: 'Li Si', email: 'li@example.com' },
  reopenCount: 2,
  externalId: 'EXT-1',
  resolvedAt: '2026-12-05T07:00:00.000Z',
  closedAt: null,
  tags: ['vpn', '网络'],
  links: [
    {
      id: 4,
      kind: 'duplicate_of',
      direction: 'outgoing',
      ticket: { id: 12, number: 10012, subject: 'other', status: 'open' },
    },
  ],
  sla: {
    policyId: 1,
    policyName: '标准',
    firstResponse: clock,
    nextUpdate: null,
    resolution: { ...clock, state: 'paused', countingNow: false, pausedSince: '2026-12-05T07:10:00.000Z' },
    vendor: {
      handoffId: 2,
      vendorId: 5,
      vendorName: 'Vendor',
      reference: null,
      startedAt: '2026-12-05T07:00:00.000Z',
      completedAt: null,
      dueAt: '2026-12-06T07:00:00.000Z',
      state: 'running',
      businessMinutesUsed: 3,
      targetMinutes: 480,
    },
    computedAt: '2026-12-05T07:20:00.000Z',
  },
  assets: [{ id: 3, name: 'PC-001', type: 'laptop', criticality: 'high' }],
  problem: { id: 8, title: '打印机驱动', status: 'known_error' },
};

const zodWrite = serializerCompiler({
  schema: TicketDto,
  method: 'GET',
  url: '/x',
  httpStatus: '200',
} as never) as (data: unknown) => string;
const fastWrite = fastSerializerCompiler({ schema: TicketDto });

describe('fast-json-stringify from a zod response schema', () => {
  it('writes a ticket byte for byte as the zod serializer does, with and without the nullable parts', () => {
    for (const ticket of [bare, full]) {
      expect(TicketDto.safeParse(ticket).success).toBe(true);
      expect(fastWrite(ticket)).toBe(zodWrite(ticket));
      expect(JSON.parse(fastWrite(ticket))).toEqual(ticket);
    }
  });

  it('writes only the schema’s properties', () => {
    const extra = { ...full, passwordHash: 'secret', team: { ...full.team, internal: 1 } };
    const written = JSON.parse(fastWrite(extra));
    expect(written.passwordHash).toBeUndefined();
    expect(written.team).toEqual(full.team);
    expect(fastWrite(extra)).toBe(zodWrite(extra));
  });

  it('refuses an answer without a required property', () => {
    const { subject: _, ...missing } = bare;
    expect(() => fastWrite(missing)).toThrow();
    expect(() => zodWrite(missing)).toThrow();
  });

  it('needs a zod schema', () => {
    expect(() => fastSerializerCompiler({ schema: { type: 'object' } })).toThrow(/zod/);
  });
});
