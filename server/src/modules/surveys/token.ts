import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Queryable } from '../../platform/db/database.ts';
import { defineSettings } from '../identity/index.ts';

/**
 * Survey links carry `nonce.expiry.signature`: the signature is an HMAC over the kind, nonce
 * and expiry with a server secret, so a forged or altered link is refused before any lookup,
 * and an expired one is recognised as such. The database keeps only the token's SHA-256,
 * which is what makes a link single-use (the row records the answer).
 */
export type TokenKind = 'csat' | 'nps';

export type TokenCheck = { ok: true; hash: string } | { ok: false; reason: 'invalid' | 'expired' };

const SIGNATURE_BYTES = 16;

function sign(secret: Buffer, kind: TokenKind, nonce: string, expiry: string): string {
  return createHmac('sha256', secret)
    .update(`${kind}.${nonce}.${expiry}`)
    .digest()
    .subarray(0, SIGNATURE_BYTES)
    .toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function createSignedToken(
  secret: Buffer,
  kind: TokenKind,
  expiresAt: Date,
  nonce: Buffer = randomBytes(18),
): { token: string; hash: string } {
  const n = nonce.toString('base64url');
  const expiry = Math.floor(expiresAt.getTime() / 1000).toString(36);
  const token = `${n}.${expiry}.${sign(secret, kind, n, expiry)}`;
  return { token, hash: hashToken(token) };
}

/** Checks a token's form, signature and expiry (pure: `now` is a parameter). */
export function verifySignedToken(secret: Buffer, kind: TokenKind, token: string, now: Date): TokenCheck {
  const match = /^([A-Za-z0-9_-]{16,64})\.([0-9a-z]{1,12})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!match) return { ok: false, reason: 'invalid' };
  const [, nonce = '', expiry = '', signature = ''] = match;
  const expected = Buffer.from(sign(secret, kind, nonce, expiry));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, reason: 'invalid' };
  if (Number.parseInt(expiry, 36) * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, hash: hashToken(token) };
}

/** Has no defaults: a secret is generated when none is stored (see surveySecret). */
const tokenSecret = defineSettings('surveys_token_secret', z.object({ secret: z.string().min(1) }), () => ({
  secret: '',
}));

/**
 * The signing secret: generated once per installation and kept in the settings table, so
 * every instance of the server signs and checks links alike without configuration.
 */
export async function surveySecret(tx: Queryable): Promise<Buffer> {
  const read = async () => {
    const value = await tokenSecret.find(tx);
    return value ? Buffer.from(value.secret, 'hex') : null;
  };
  const existing = await read();
  if (existing) return existing;
  await tokenSecret.setIfAbsent(tx, { secret: randomBytes(32).toString('hex') });
  const created = await read();
  if (!created) throw new Error('survey secret could not be stored');
  return created;
}
