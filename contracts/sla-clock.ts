import { z } from 'zod';

/**
 * A ticket's SLA clocks as every ticket read shows them. Kept apart from contracts/sla.ts so
 * that the ticket contract can include it without an import cycle.
 */
export const ClockState = z.enum(['running', 'paused', 'met', 'breached']);
export type ClockState = z.infer<typeof ClockState>;
export const ClockName = z.enum(['firstResponse', 'nextUpdate', 'resolution']);
export type ClockName = z.infer<typeof ClockName>;

export const SlaClockDto = z.object({
  /** When the target is (or was) reached in business time; null while paused before it. */
  dueAt: z.string().nullable(),
  state: ClockState,
  businessMinutesUsed: z.number(),
  targetMinutes: z.number(),
  /** Business minutes left; negative when overdue. */
  remainingMinutes: z.number(),
  /** Business time is passing right now (running, within opening hours): a countdown ticks. */
  countingNow: z.boolean(),
  /** When the warning threshold is (or was) reached. */
  warnAt: z.string().nullable(),
  pausedSince: z.string().nullable(),
  stoppedAt: z.string().nullable(),
});
export type SlaClockDto = z.infer<typeof SlaClockDto>;

/** The vendor's contract clock, beside the customer's (SL-5). */
export const VendorClockDto = z.object({
  handoffId: z.number(),
  vendorId: z.number(),
  vendorName: z.string(),
  reference: z.string().nullable(),
  startedAt: z.string(),
  completedAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  state: ClockState,
  businessMinutesUsed: z.number(),
  targetMinutes: z.number(),
});
export type VendorClockDto = z.infer<typeof VendorClockDto>;

export const TicketSlaDto = z.object({
  policyId: z.number().nullable(),
  policyName: z.string().nullable(),
  firstResponse: SlaClockDto.nullable(),
  nextUpdate: SlaClockDto.nullable(),
  resolution: SlaClockDto.nullable(),
  vendor: VendorClockDto.nullable(),
  computedAt: z.string(),
});
export type TicketSlaDto = z.infer<typeof TicketSlaDto>;
