import { z } from 'zod';
import { ClockName } from '../../../../contracts/sla-clock.ts';
import { jobSpec } from '../../platform/jobs/jobs.ts';

export const TimerPayload = z.object({
  ticketId: z.number().int().positive(),
  clock: ClockName,
  kind: z.enum(['warning', 'breach']),
  cycle: z.number().int().positive(),
  runAt: z.string(),
});
export type TimerPayload = z.infer<typeof TimerPayload>;

/**
 * The SLA timer job of earlier versions (its handler is `slaTimerJob` in timer-job.ts): timers are
 * fired by the sweeper since issue 18; the payload is also what fireTimer is given.
 */
export const slaTimerJobSpec = jobSpec<TimerPayload>({ id: 'sla.timer', version: 1, payload: TimerPayload });
