import { describe, expect, it } from 'vitest';
import {
  labelFingerprint,
  MAX_RAW_CHARS,
  PayloadError,
  readPath,
  readPayload,
  storable,
} from './payloads.ts';
import { DEFAULT_SETTINGS } from './sources.ts';

describe('payload reading', () => {
  it('reads JSON paths with and without $ and indexes', () => {
    const body = { a: { items: [{ id: 7 }, { id: 8 }] } };
    expect(readPath(body, '$.a.items[1].id')).toBe(8);
    expect(readPath(body, 'a.items.0.id')).toBe(7);
    expect(readPath(body, 'a.missing.id')).toBeUndefined();
    expect(readPath(body, '$.a.constructor')).toBeUndefined();
  });

  it('keeps raw alerts storable: no NUL, no lone surrogate, bounded', () => {
    expect(storable({ 'k\u0000': 'v\u0000\ud800' })).toEqual({ k: 'v\ufffd' });
    const big = storable({ text: 'x'.repeat(MAX_RAW_CHARS * 2) }) as { truncated: boolean; excerpt: string };
    expect(big.truncated).toBe(true);
    expect(big.excerpt.length).toBe(MAX_RAW_CHARS);
  });

  it('gives an Alertmanager alert without fingerprint a stable one from its labels', () => {
    expect(labelFingerprint({ b: '2', a: '1' })).toBe(labelFingerprint({ a: '1', b: '2' }));
    const [alert] = readPayload(
      'alertmanager',
      { status: 'firing', alerts: [{ status: 'firing', labels: { alertname: 'X\u0000' } }] },
      DEFAULT_SETTINGS,
    );
    expect(alert?.dedupeKey).toBe(labelFingerprint({ alertname: 'X' }));
    expect(alert?.labels.alertname).toBe('X');
  });

  it('refuses a payload it cannot read with the field at fault', () => {
    expect(() => readPayload('alertmanager', { status: 'firing' }, DEFAULT_SETTINGS)).toThrow(PayloadError);
    expect(() => readPayload('zabbix', { event_id: 'abc', event_value: '1' }, DEFAULT_SETTINGS)).toThrow(
      /event_id/,
    );
    expect(() => readPayload('generic', {}, DEFAULT_SETTINGS)).toThrow(/mapping/);
  });
});
