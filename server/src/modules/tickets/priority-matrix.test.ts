import { describe, expect, it } from 'vitest';
import type { Level, Priority } from '../../../../contracts/tickets.ts';
import { DEFAULT_MATRIX, derivePriority } from './priority-matrix.ts';

describe('impact x urgency priority matrix', () => {
  it('follows the default matrix', () => {
    const expected: [Level, Level, Priority][] = [
      ['high', 'high', 'P1'],
      ['high', 'medium', 'P2'],
      ['medium', 'high', 'P2'],
      ['high', 'low', 'P3'],
      ['medium', 'medium', 'P3'],
      ['low', 'high', 'P3'],
      ['medium', 'low', 'P4'],
      ['low', 'medium', 'P4'],
      ['low', 'low', 'P4'],
    ];
    for (const [impact, urgency, priority] of expected) {
      expect(derivePriority(DEFAULT_MATRIX, impact, urgency), `${impact}/${urgency}`).toBe(priority);
    }
  });

  it('uses an administrator-edited matrix', () => {
    const matrix = structuredClone(DEFAULT_MATRIX);
    matrix.low = { high: 'P2', medium: 'P3', low: 'P4' };
    expect(derivePriority(matrix, 'low', 'high')).toBe('P2');
  });
});
