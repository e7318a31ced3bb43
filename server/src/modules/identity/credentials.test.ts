import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { digestSecret, newSecret } from './credentials.ts';

describe('secret digests', () => {
  it('are the SHA-256 in hex the sessions and tokens already stored were keyed by', () => {
    // FIPS 180-2's test vector, and a cookie-shaped secret against node:crypto's streaming hash.
    expect(digestSecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const { secret, digest } = newSecret('sdt_');
    expect(digest).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(digestSecret('会话 é')).toBe(createHash('sha256').update('会话 é', 'utf8').digest('hex'));
  });
});
