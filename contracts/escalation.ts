import { z } from 'zod';

export const EscalationKind = z.enum(['functional', 'hierarchical']);
export const EscalationTrigger = z.enum(['manual', 'sla_breach', 'nudge']);

/** ES-2, ES-3: what was tried and why it goes up. Functional without a team: the next tier. */
export const CreateEscalationInput = z.object({
  kind: EscalationKind,
  reason: z.string().trim().min(1).max(2000),
  tried: z.string().trim().max(5000).default(''),
  toTeamId: z.number().int().positive().optional(),
});
export type CreateEscalationInput = z.infer<typeof CreateEscalationInput>;

const Ref = z.object({ id: z.number(), name: z.string() });
export const EscalationDto = z.object({
  id: z.number(),
  ticket: z.object({ id: z.number(), number: z.number(), subject: z.string() }),
  kind: EscalationKind,
  trigger: EscalationTrigger,
  reason: z.string(),
  tried: z.string(),
  fromTeam: Ref.nullable(),
  toTeam: Ref.nullable(),
  /** The first-tier owner, who keeps the requester informed. */
  owner: Ref.nullable(),
  notifiedUserIds: z.array(z.number()),
  createdBy: Ref.nullable(),
  createdAt: z.string(),
});
export type EscalationDto = z.infer<typeof EscalationDto>;

export const EscalationReportQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  kind: EscalationKind.optional(),
  trigger: EscalationTrigger.optional(),
  teamId: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const EscalationReport = z.object({
  items: z.array(EscalationDto),
  totals: z.object({
    all: z.number(),
    functional: z.number(),
    hierarchical: z.number(),
    byTrigger: z.record(z.string(), z.number()),
  }),
});

export const NudgeInput = z.object({ message: z.string().trim().max(1000).optional() });
export const NudgeDto = z.object({
  id: z.number(),
  ticketId: z.number(),
  ordinal: z.number(),
  message: z.string().nullable(),
  createdAt: z.string(),
  /** True when this nudge escalated the ticket to the team lead (the third one). */
  escalated: z.boolean(),
  /** When the requester may nudge again. */
  nextAllowedAt: z.string(),
});
export type NudgeDto = z.infer<typeof NudgeDto>;

export const DeclareMajorIncidentInput = z.object({
  title: z.string().trim().min(1).max(200),
  summary: z.string().trim().max(5000).default(''),
  /** The ticket the incident was declared from; it becomes P1. */
  ticketId: z.number().int().positive().optional(),
  /** Tickets of everyone affected. */
  ticketIds: z.array(z.number().int().positive()).max(1000).default([]),
  expertId: z.number().int().positive().optional(),
  businessContactId: z.number().int().positive().optional(),
});
export const LinkMajorIncidentInput = z.object({
  ticketIds: z.array(z.number().int().positive()).min(1).max(1000),
});
export const MajorIncidentUpdateInput = z.object({ body: z.string().trim().min(1).max(20000) });
export const ResolveMajorIncidentInput = z.object({ resolution: z.string().trim().min(1).max(20000) });

export const MajorIncidentDto = z.object({
  id: z.number(),
  title: z.string(),
  summary: z.string(),
  priority: z.literal('P1'),
  status: z.enum(['active', 'resolved']),
  primaryTicketId: z.number().nullable(),
  expertId: z.number().nullable(),
  businessContactId: z.number().nullable(),
  declaredBy: z.number().nullable(),
  declaredAt: z.string(),
  resolvedAt: z.string().nullable(),
  resolution: z.string().nullable(),
  tickets: z.array(
    z.object({
      id: z.number(),
      number: z.number(),
      subject: z.string(),
      status: z.string(),
      requesterId: z.number(),
    }),
  ),
  updates: z.array(
    z.object({
      id: z.number(),
      body: z.string(),
      authorId: z.number().nullable(),
      ticketsReached: z.number(),
      createdAt: z.string(),
    }),
  ),
});
export type MajorIncidentDto = z.infer<typeof MajorIncidentDto>;
