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

/** The SLA timer job (its handler is `slaTimerJob` in timer-job.ts), for code that schedules it. */
export const slaTimerJobSpec = jobSpec<TimerPayload>({ id: 'sla.timer', version: 1, payload: TimerPayload });

/** One waiting job per ticket and clock: scheduling again with the same key moves it. */
export function timerKey(ticketId: number, clock: ClockName): string {
  return `sla:${ticketId}:${clock}`;
}
