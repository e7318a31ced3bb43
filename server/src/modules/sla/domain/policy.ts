import type { Priority, TicketStatus, TicketType } from '../../../../../contracts/tickets.ts';
import type { BusinessTime } from './business-time.ts';

export const CLOCK_NAMES = ['firstResponse', 'nextUpdate', 'resolution'] as const;
export type ClockName = (typeof CLOCK_NAMES)[number];

/** What a policy's match looks at: the ticket as it is at a moment of its history. */
export interface TicketAttributes {
  priority: Priority;
  type: TicketType;
  /** Category path ("软件/财务系统"), or null. */
  category: string | null;
  organizationId: number | null;
}

/** Every listed criterion must hold; within one, any listed value does. Empty matches everything. */
export interface PolicyMatch {
  priority?: readonly Priority[];
  type?: readonly TicketType[];
  /** Category paths; a ticket in a sub-category matches too. */
  category?: readonly string[];
  organizationId?: readonly number[];
}

export interface ClockTargets {
  firstResponseMinutes?: number | undefined;
  updateMinutes?: number | undefined;
  resolutionMinutes?: number | undefined;
}

/** A policy ready for the clocks: its calendar already turned into business-time arithmetic. */
export interface PolicyRule {
  id: number;
  name: string;
  order: number;
  match: PolicyMatch;
  calendar: BusinessTime;
  calendarName: string | null;
  targets: Partial<Record<Priority, ClockTargets>>;
  /** Statuses in which each clock stands still. */
  pauseStatuses: Record<ClockName, readonly TicketStatus[]>;
  warnAtPercent: number;
}

export const TARGET_KEY: Record<ClockName, keyof ClockTargets> = {
  firstResponse: 'firstResponseMinutes',
  nextUpdate: 'updateMinutes',
  resolution: 'resolutionMinutes',
};

function categoryMatches(wanted: readonly string[], category: string | null): boolean {
  if (category === null) return false;
  const lower = category.toLowerCase();
  return wanted.some((path) => {
    const prefix = path.toLowerCase();
    return lower === prefix || lower.startsWith(`${prefix}/`);
  });
}

export function policyMatches(match: PolicyMatch, ticket: TicketAttributes): boolean {
  if (match.priority?.length && !match.priority.includes(ticket.priority)) return false;
  if (match.type?.length && !match.type.includes(ticket.type)) return false;
  if (match.category?.length && !categoryMatches(match.category, ticket.category)) return false;
  if (match.organizationId?.length) {
    if (ticket.organizationId === null || !match.organizationId.includes(ticket.organizationId)) return false;
  }
  return true;
}

/** Orders policies the way they are tried: by `order`, then by id. */
export function sortPolicies<P extends { order: number; id: number }>(policies: readonly P[]): P[] {
  return [...policies].sort((a, b) => a.order - b.order || a.id - b.id);
}

/** The first policy, in order, whose match holds for the ticket; null if none does. */
export function selectPolicy<P extends { match: PolicyMatch }>(
  sortedPolicies: readonly P[],
  ticket: TicketAttributes,
): P | null {
  return sortedPolicies.find((policy) => policyMatches(policy.match, ticket)) ?? null;
}
