import type {
  CalendarDto,
  ClockExplainDto,
  SlaClockDto,
  SlaPolicyDto,
  TicketSlaDto,
  VendorClockDto,
  VendorDto,
} from '../../../../contracts/sla.ts';
import type { slaCalendars, slaPolicies, vendors } from '../../db/schema/sla.ts';
import { isoOf, isoOfMs } from '../../platform/http/iso-time.ts';
import type { ClockResult, SlaComputation } from './domain/clocks.ts';
import { explainClock } from './domain/explain-text.ts';
import { TIME } from './domain/zone.ts';

// The text of toISOString, faster (a ticket read writes up to a dozen of these; issue 18).
const iso = (ms: number | null) => (ms === null ? null : isoOfMs(ms));
const isoDate = isoOf;

export function presentClock(clock: ClockResult | null): SlaClockDto | null {
  if (!clock) return null;
  return {
    dueAt: iso(clock.dueAt),
    state: clock.state,
    businessMinutesUsed: clock.businessMinutesUsed,
    targetMinutes: clock.targetMinutes,
    remainingMinutes: Math.trunc(clock.remainingMs / TIME.MINUTE),
    countingNow: clock.countingNow,
    warnAt: iso(clock.warnAt),
    pausedSince: iso(clock.pausedSince),
    stoppedAt: iso(clock.stoppedAt),
  };
}

export function presentSla(
  computation: SlaComputation,
  vendor: VendorClockDto | null,
  computedAt: number,
): TicketSlaDto {
  return {
    policyId: computation.policyId,
    policyName: computation.policyName,
    firstResponse: presentClock(computation.firstResponse),
    nextUpdate: presentClock(computation.nextUpdate),
    resolution: presentClock(computation.resolution),
    vendor,
    computedAt: isoOfMs(computedAt),
  };
}

export function presentClockExplain(clock: ClockResult | null): ClockExplainDto | null {
  const base = presentClock(clock);
  if (!clock || !base) return null;
  return {
    ...base,
    clock: clock.clock,
    policyId: clock.policyId,
    policyName: clock.policyName,
    priority: clock.priority,
    timezone: clock.timezone,
    calendarName: clock.calendarName,
    warnAtPercent: clock.warnAtPercent,
    startedAt: new Date(clock.startedAt).toISOString(),
    stopReason: clock.stopReason,
    pauseStatus: clock.pauseStatus,
    pausedMinutes: Math.floor(clock.pausedMs / TIME.MINUTE),
    cycle: clock.cycle,
    cycles: clock.cycles.map((cycle) => ({
      cycle: cycle.cycle,
      startedAt: new Date(cycle.startedAt).toISOString(),
      endedAt: new Date(cycle.endedAt).toISOString(),
      state: cycle.state,
      dueAt: iso(cycle.dueAt),
    })),
    steps: clock.steps.map(({ at, kind, ...data }) => ({ at: new Date(at).toISOString(), kind, data })),
    text: { en: explainClock(clock, 'en'), 'zh-CN': explainClock(clock, 'zh-CN') },
  };
}

export function presentCalendar(row: typeof slaCalendars.$inferSelect): CalendarDto {
  return {
    id: row.id,
    name: row.name,
    timezone: row.timezone,
    hours: row.hours,
    holidays: [...row.holidays].sort(),
    extraWorkdays: [...row.extraWorkdays].sort(),
    createdAt: isoDate(row.createdAt),
    updatedAt: isoDate(row.updatedAt),
  };
}

export function presentPolicy(
  row: typeof slaPolicies.$inferSelect,
  calendarName: string | null,
): SlaPolicyDto {
  return {
    id: row.id,
    name: row.name,
    order: row.order,
    active: row.active,
    match: row.match as SlaPolicyDto['match'],
    calendarId: row.calendarId,
    calendarName,
    targets: row.targets as SlaPolicyDto['targets'],
    pauseStatuses: row.pauseStatuses as SlaPolicyDto['pauseStatuses'],
    clockPauseStatuses: row.clockPauseStatuses as SlaPolicyDto['clockPauseStatuses'],
    warnAtPercent: row.warnAtPercent,
    breachActions: row.breachActions,
    createdAt: isoDate(row.createdAt),
    updatedAt: isoDate(row.updatedAt),
  };
}

export function presentVendor(row: typeof vendors.$inferSelect): VendorDto {
  return {
    id: row.id,
    name: row.name,
    contact: row.contact,
    calendarId: row.calendarId,
    responseMinutes: row.responseMinutes,
    resolutionMinutes: row.resolutionMinutes,
    createdAt: isoDate(row.createdAt),
  };
}
