import type { ClockName } from './domain/policy.ts';

export const SLA_TIMER_JOB_ID = 'sla.timer';
export const SLA_TIMER_JOB_VERSION = 1;

/** One waiting job per ticket and clock: scheduling again with the same key moves it. */
export function timerKey(ticketId: number, clock: ClockName): string {
  return `sla:${ticketId}:${clock}`;
}
