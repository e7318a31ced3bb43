import { describe, expect, it } from 'vitest';
import { idf } from './ranking.ts';

describe('idf', () => {
  it('is BM25 inverse document frequency, falling as a term is in more documents', () => {
    expect(idf(1_000, 10)).toBeCloseTo(Math.log(1 + 990.5 / 10.5), 12);
    expect(idf(1_000, 10)).toBeGreaterThan(idf(1_000, 100));
    expect(idf(1_000, 1_000)).toBeGreaterThan(0);
  });

  it('stays positive when a term is in more documents than a corpus size kept from before', () => {
    // In a storm the corpus size is a minute old while frequencies are read now.
    expect(idf(2_100, 13_000)).toBeGreaterThan(0);
    expect(idf(2_100, 13_000)).toBe(idf(13_000, 13_000));
  });
});
