import { describe, expect, it } from 'vitest';
import { diffText } from './text-diff.ts';
import { canMove, isPoorlyRated, isStale } from './workflow.ts';

describe('the article workflow', () => {
  it('moves draft -> review -> published -> archived and back only where it makes sense', () => {
    expect(canMove('draft', 'review')).toBe(true);
    expect(canMove('review', 'published')).toBe(true);
    expect(canMove('published', 'archived')).toBe(true);
    expect(canMove('archived', 'draft')).toBe(true);
    expect(canMove('published', 'draft')).toBe(false);
    expect(canMove('archived', 'published')).toBe(false);
  });

  it('flags poor ratings and stale articles', () => {
    expect(isPoorlyRated(10, 2)).toBe(false);
    expect(isPoorlyRated(2, 3)).toBe(true);
    expect(isPoorlyRated(0, 2)).toBe(false);
    const now = new Date('2026-06-01T00:00:00Z');
    expect(isStale(new Date('2025-11-01T00:00:00Z'), now)).toBe(true);
    expect(isStale(new Date('2026-05-01T00:00:00Z'), now)).toBe(false);
  });
});

describe('diffs between versions', () => {
  it('shows inserted and deleted words, Chinese by character', () => {
    const parts = diffText('重启 Print Spooler 服务', '重启打印服务后重试');
    expect(
      parts
        .filter((p) => p.op === 'delete')
        .map((p) => p.text)
        .join(''),
    ).toContain('Print');
    expect(
      parts
        .filter((p) => p.op === 'insert')
        .map((p) => p.text)
        .join(''),
    ).toContain('打印');
    const rebuilt = parts
      .filter((p) => p.op !== 'delete')
      .map((p) => p.text)
      .join('');
    expect(rebuilt).toBe('重启打印服务后重试');
  });

  it('is empty for equal texts', () => {
    expect(diffText('', '')).toEqual([]);
    expect(diffText('same', 'same')).toEqual([{ op: 'equal', text: 'same' }]);
  });
});
