import { createHash, randomBytes } from 'node:crypto';

/** A random secret for a cookie or API token, and the digest the database keeps of it. */
export function newSecret(prefix = ''): { secret: string; digest: string } {
  const secret = prefix + randomBytes(32).toString('base64url');
  return { secret, digest: digestSecret(secret) };
}

export function digestSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export const SESSION_COOKIE = 'sd_session';
export const TOKEN_PREFIX = 'sdt_';
