import { describe, expect, it } from 'vitest';
import { AppError, errorCatalogue, formatMessageTime } from './errors.ts';

describe('times in messages', () => {
  const at = new Date('2026-12-04T18:34:51.923Z');

  it('writes a time in the reader’s language and time zone', () => {
    expect(formatMessageTime(at, 'zh-CN', 'Asia/Shanghai')).toBe('2026-12-05 02:34');
    expect(formatMessageTime(at, 'en', 'Europe/Berlin')).toBe('Dec 4, 2026, 19:34');
  });

  it('says UTC when the reader’s zone is unknown or not a zone', () => {
    expect(formatMessageTime(at, 'zh-CN', undefined)).toBe('2026-12-04 18:34 (UTC)');
    expect(formatMessageTime(at, 'en', 'Mars/Olympus')).toBe('Dec 4, 2026, 18:34 UTC');
  });

  it('never puts an ISO timestamp into an error message', () => {
    const error = new AppError('nudge.too_soon', { params: { retryAt: at } });
    expect(error.localizedMessage('zh-CN', 'Asia/Shanghai')).toBe(
      '每小时只能催办一次，请在 2026-12-05 02:34 之后再试。',
    );
    expect(error.message).not.toContain('T18:34');
  });
});

describe('the catalogue, put together from the platform and every module', () => {
  it('holds every code, each with the same placeholders in both languages', () => {
    const catalogue = errorCatalogue();
    // 129 codes before the catalogue was split among the modules (issue 12): none lost; since
    // then: approvals +11, catalog +25, runbooks +5, automation +3 (issue 13); approver rules
    // and cancel: approvals +5, identity +2 (manager, team lead); catalog +3 (self-help
    // confirmation), automation +1 (a schedule's calendar); assets +30, problems +11, changes +14
    // (issue 14).
    expect(catalogue.size).toBe(129 + 11 + 25 + 5 + 3 + 7 + 3 + 1 + 30 + 11 + 14);
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [code, entry] of catalogue) {
      expect(placeholders(entry.zh), code).toEqual(placeholders(entry.en));
      expect(entry.status, code).toBeGreaterThanOrEqual(400);
    }
  });
});
