import type { SlaClockDto } from '../../../../contracts/sla.ts';

export type ClockTone = 'ok' | 'warning' | 'breached' | 'paused' | 'met';

/**
 * Business minutes left now: the server's figure, less the time that has passed since it was
 * computed while business time was passing (a clock does not count down at night).
 */
export function liveRemainingMinutes(clock: SlaClockDto, computedAt: string, now: number): number {
  if (!clock.countingNow) return clock.remainingMinutes;
  const elapsed = Math.max(0, now - Date.parse(computedAt)) / 60_000;
  return clock.remainingMinutes - elapsed;
}

export function toneOf(clock: SlaClockDto, remaining: number, warnAtPercent = 75): ClockTone {
  if (clock.state === 'met') return 'met';
  if (clock.state === 'breached' || remaining <= 0) return 'breached';
  if (clock.state === 'paused') return 'paused';
  const used = clock.targetMinutes - remaining;
  if (clock.targetMinutes > 0 && used >= (clock.targetMinutes * warnAtPercent) / 100) return 'warning';
  return 'ok';
}

/** "2h 05m" / "2小时05分" from minutes (sign ignored), with seconds in the last minutes. */
export function formatMinutes(minutes: number, zh: boolean): string {
  const totalSeconds = Math.round(Math.abs(minutes) * 60);
  const hours = Math.floor(totalSeconds / 3600);
  const mins = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (hours >= 24) {
    const days = Math.floor(hours / 24);
    return zh ? `${days}天${hours % 24}小时` : `${days}d ${hours % 24}h`;
  }
  if (hours > 0) return zh ? `${hours}小时${pad(mins)}分` : `${hours}h ${pad(mins)}m`;
  return zh ? `${mins}分${pad(seconds)}秒` : `${mins}m ${pad(seconds)}s`;
}
