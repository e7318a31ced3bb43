import { describe, expect, it } from 'vitest';
import { type Candidate, chooseAssignee, dutyStatus, type NewTicket, ruleMatches } from './dispatch.ts';

const ticket: NewTicket = {
  type: 'incident',
  category: '网络/VPN',
  organizationId: 7,
  subject: 'VPN 无法连接',
  description: 'The VPN client says AUTH_TIMEOUT since this morning.',
};

describe('ruleMatches', () => {
  it('matches by type, category prefix, organisation and any keyword', () => {
    expect(ruleMatches({}, ticket)).toBe(true);
    expect(ruleMatches({ type: ['incident'], category: ['网络'], organizationId: [7] }, ticket)).toBe(true);
    expect(ruleMatches({ keywords: ['printer', 'vpn'] }, ticket)).toBe(true);
    expect(ruleMatches({ keywords: ['auth_timeout'] }, ticket)).toBe(true);
    expect(ruleMatches({ type: ['question'] }, ticket)).toBe(false);
    expect(ruleMatches({ category: ['网'] }, ticket)).toBe(false);
    expect(ruleMatches({ organizationId: [8] }, ticket)).toBe(false);
    expect(ruleMatches({ keywords: ['printer'] }, ticket)).toBe(false);
    expect(ruleMatches({ category: ['硬件'] }, { ...ticket, category: null })).toBe(false);
  });
});

const team: Candidate[] = [
  { userId: 30, onDuty: true, openTickets: 5, skills: ['vpn', 'network'] },
  { userId: 10, onDuty: true, openTickets: 2, skills: ['printer'] },
  { userId: 20, onDuty: false, openTickets: 0, skills: ['vpn'] },
  { userId: 40, onDuty: true, openTickets: 2, skills: ['VPN'] },
];

describe('chooseAssignee', () => {
  it('leaves manual dispatch to people', () => {
    expect(
      chooseAssignee({ strategy: 'manual', candidates: team, lastAssigneeId: null, requiredSkills: [] }),
    ).toBeNull();
  });

  it('goes round the agents on duty, in id order, wrapping around', () => {
    const pick = (last: number | null) =>
      chooseAssignee({ strategy: 'round_robin', candidates: team, lastAssigneeId: last, requiredSkills: [] });
    expect(pick(null)).toBe(10);
    expect(pick(10)).toBe(30);
    expect(pick(30)).toBe(40);
    expect(pick(40)).toBe(10);
    // The last assignee went off duty (20): the next one after them.
    expect(pick(20)).toBe(30);
  });

  it('picks the least loaded agent on duty (ties to the lower id)', () => {
    expect(
      chooseAssignee({
        strategy: 'least_loaded',
        candidates: team,
        lastAssigneeId: null,
        requiredSkills: [],
      }),
    ).toBe(10);
  });

  it('picks by skill, then by load, ignoring agents off duty', () => {
    const skill = (required: string[]) =>
      chooseAssignee({ strategy: 'skill', candidates: team, lastAssigneeId: null, requiredSkills: required });
    expect(skill(['vpn', 'network'])).toBe(30);
    expect(skill(['vpn'])).toBe(40);
    expect(skill(['sap'])).toBeNull();
  });

  it('assigns nobody when nobody is on duty', () => {
    const off = team.map((c) => ({ ...c, onDuty: false }));
    expect(
      chooseAssignee({ strategy: 'least_loaded', candidates: off, lastAssigneeId: null, requiredSkills: [] }),
    ).toBeNull();
  });
});

describe('dutyStatus', () => {
  const nine = Date.parse('2024-09-02T09:00:00Z');
  const working = (t: number) => new Date(t).getUTCHours() >= 9 && new Date(t).getUTCHours() < 18;
  it('puts an agent on duty by roster, by calendar, or always when no calendar is set', () => {
    const shifts = [{ userId: 1, startsAt: nine + 12 * 3_600_000, endsAt: nine + 20 * 3_600_000 }];
    expect(dutyStatus({ userId: 1, now: nine + 14 * 3_600_000, shifts, isWorkingTime: working })).toBe(
      'roster',
    );
    expect(dutyStatus({ userId: 1, now: nine + 3_600_000, shifts, isWorkingTime: working })).toBe('calendar');
    expect(dutyStatus({ userId: 1, now: nine - 3_600_000, shifts, isWorkingTime: working })).toBe('off');
    expect(dutyStatus({ userId: 2, now: nine - 3_600_000, shifts, isWorkingTime: null })).toBe('always');
  });
});
