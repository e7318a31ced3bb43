import type { AssignmentStrategy } from '../../../../../contracts/routing.ts';
import type { TicketType } from '../../../../../contracts/tickets.ts';

/** What a routing rule looks at: the new ticket. */
export interface NewTicket {
  type: TicketType;
  category: string | null;
  organizationId: number | null;
  subject: string;
  description: string;
}

export interface RuleMatch {
  type?: readonly string[] | undefined;
  category?: readonly string[] | undefined;
  organizationId?: readonly number[] | undefined;
  keywords?: readonly string[] | undefined;
}

/** Every criterion given must hold; a category matches its sub-categories; keywords are any-of. */
export function ruleMatches(match: RuleMatch, ticket: NewTicket): boolean {
  if (match.type?.length && !match.type.includes(ticket.type)) return false;
  if (match.category?.length) {
    const category = ticket.category?.toLowerCase();
    if (!category) return false;
    const hit = match.category.some((path) => {
      const prefix = path.toLowerCase();
      return category === prefix || category.startsWith(`${prefix}/`);
    });
    if (!hit) return false;
  }
  if (match.organizationId?.length) {
    if (ticket.organizationId === null || !match.organizationId.includes(ticket.organizationId)) return false;
  }
  if (match.keywords?.length) {
    const text = `${ticket.subject}\n${ticket.description}`.toLowerCase();
    if (!match.keywords.some((word) => text.includes(word.toLowerCase()))) return false;
  }
  return true;
}

/** An agent of the team, as the assignment strategies see them. */
export interface Candidate {
  userId: number;
  onDuty: boolean;
  openTickets: number;
  skills: readonly string[];
}

/**
 * Who gets a new ticket within the team (ES-1). Only agents on duty are candidates; none on
 * duty (or `manual`) leaves the ticket to the team's queue. Round-robin takes the next agent
 * by id after the last one assigned; least-loaded the one with the fewest open tickets; skill
 * the one with the most of the required skills (ties: least loaded). Ties go to the lower id,
 * so the choice is reproducible.
 */
export function chooseAssignee(options: {
  strategy: AssignmentStrategy;
  candidates: readonly Candidate[];
  lastAssigneeId: number | null;
  requiredSkills: readonly string[];
}): number | null {
  const onDuty = options.candidates.filter((c) => c.onDuty).sort((a, b) => a.userId - b.userId);
  if (options.strategy === 'manual' || onDuty.length === 0) return null;
  if (options.strategy === 'round_robin') {
    const last = options.lastAssigneeId;
    const next = last === null ? undefined : onDuty.find((c) => c.userId > last);
    return (next ?? onDuty[0])?.userId ?? null;
  }
  const byLoad = (a: Candidate, b: Candidate) => a.openTickets - b.openTickets || a.userId - b.userId;
  if (options.strategy === 'least_loaded') return [...onDuty].sort(byLoad)[0]?.userId ?? null;
  const wanted = options.requiredSkills.map((s) => s.toLowerCase());
  const score = (c: Candidate) => c.skills.filter((s) => wanted.includes(s.toLowerCase())).length;
  const skilled = onDuty.filter((c) => wanted.length === 0 || score(c) > 0);
  if (skilled.length === 0) return null;
  return [...skilled].sort((a, b) => score(b) - score(a) || byLoad(a, b))[0]?.userId ?? null;
}

/** A duty-roster shift. */
export interface Shift {
  userId: number;
  startsAt: number;
  endsAt: number;
}

/**
 * Whether an agent is on duty at `now` (GV-3): on a roster shift, or within the working hours
 * of their calendar; an agent with no calendar is always on duty unless the calendar says so.
 */
export function dutyStatus(options: {
  userId: number;
  now: number;
  shifts: readonly Shift[];
  isWorkingTime: ((instant: number) => boolean) | null;
}): 'roster' | 'calendar' | 'always' | 'off' {
  const { userId, now } = options;
  if (options.shifts.some((s) => s.userId === userId && s.startsAt <= now && now < s.endsAt)) return 'roster';
  if (options.isWorkingTime === null) return 'always';
  return options.isWorkingTime(now) ? 'calendar' : 'off';
}
