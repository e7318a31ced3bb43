import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SecretBox } from './secret-box.ts';

describe('secrets at rest (AES-256-GCM)', () => {
  it('seals and opens, with a fresh nonce each time, and refuses tampering or another key', () => {
    const box = new SecretBox(randomBytes(32));
    const a = box.seal('imap-password');
    const b = box.seal('imap-password');
    expect(a).not.toBe(b);
    expect(a).not.toContain('imap-password');
    expect(box.open(a)).toBe('imap-password');
    const parts = a.split('.');
    const tampered = [...parts.slice(0, 3), Buffer.from('other').toString('base64url')].join('.');
    expect(() => box.open(tampered)).toThrow();
    expect(() => new SecretBox(randomBytes(32)).open(a)).toThrow();
  });

  it('takes SECRET_KEY, or makes one key file in DATA_DIR that later starts reuse', async () => {
    const hex = randomBytes(32).toString('hex');
    const sealed = SecretBox.fromConfig({ SECRET_KEY: hex, DATA_DIR: '/nonexistent' }).seal('x');
    expect(SecretBox.fromConfig({ SECRET_KEY: hex, DATA_DIR: '/nonexistent' }).open(sealed)).toBe('x');
    expect(() => SecretBox.fromConfig({ SECRET_KEY: 'short', DATA_DIR: '/x' })).toThrow(/32 bytes/);
    const dir = await mkdtemp(path.join(tmpdir(), 'sd-secret-'));
    try {
      const first = SecretBox.fromConfig({ DATA_DIR: dir }).seal('kept');
      expect(SecretBox.fromConfig({ DATA_DIR: dir }).open(first)).toBe('kept');
      expect((await stat(path.join(dir, 'secret.key'))).mode & 0o777).toBe(0o600);
      expect((await readFile(path.join(dir, 'secret.key'), 'utf8')).trim()).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
