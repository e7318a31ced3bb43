import { describe, expect, it } from 'vitest';
import { canMove, computeRisk } from './domain.ts';

describe('change status machine', () => {
  it('allows only the issue’s moves', () => {
    expect(canMove('draft', 'submitted')).toBe(true);
    expect(canMove('submitted', 'approved')).toBe(true);
    expect(canMove('submitted', 'rejected')).toBe(true);
    expect(canMove('submitted', 'draft')).toBe(true);
    expect(canMove('approved', 'scheduled')).toBe(true);
    expect(canMove('scheduled', 'implementing')).toBe(true);
    expect(canMove('implementing', 'rolled_back')).toBe(true);
    expect(canMove('failed', 'reviewed')).toBe(true);
    expect(canMove('draft', 'approved')).toBe(false);
    expect(canMove('rejected', 'scheduled')).toBe(false);
    expect(canMove('submitted', 'implemented')).toBe(false);
    expect(canMove('reviewed', 'draft')).toBe(false);
    expect(canMove('implemented', 'failed')).toBe(false);
  });
});

describe('computed risk', () => {
  const base = { criticalities: [], openIncidents: 0, recentFailedChanges: 0, type: 'normal' } as const;
  it('is low with nothing at stake', () => {
    expect(computeRisk(base)).toEqual({
      risk: 'low',
      factors: { maxCriticality: null, openIncidents: 0, recentFailedChanges: 0, emergency: false, score: 0 },
    });
  });
  it('adds the parts of the formula', () => {
    expect(computeRisk({ ...base, criticalities: ['low', 'high'] }).risk).toBe('medium');
    expect(computeRisk({ ...base, criticalities: ['critical'] }).risk).toBe('high');
    expect(computeRisk({ ...base, criticalities: ['critical'], openIncidents: 3 }).factors.score).toBe(6);
    expect(computeRisk({ ...base, criticalities: ['critical'], openIncidents: 3 }).risk).toBe('critical');
    expect(computeRisk({ ...base, openIncidents: 1, recentFailedChanges: 1 }).risk).toBe('medium');
    expect(computeRisk({ ...base, type: 'emergency' }).factors).toMatchObject({ emergency: true, score: 1 });
    expect(
      computeRisk({ ...base, criticalities: ['high'], recentFailedChanges: 5, type: 'emergency' }).risk,
    ).toBe('high');
  });
});
