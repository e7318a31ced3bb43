import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { ApprovalDecision } from '../../../../contracts/approvals.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { defineSettings } from '../identity/index.ts';
import { mailSettings } from '../notifications/index.ts';
import type { ApprovalRow } from './store.ts';

/*
 * Decision links of the approver's mail and IM message: `<approval>.<approver>.<a|r>.<nonce>.
 * <expiry>.<signature>`, the signature an HMAC-SHA256 (truncated to 128 bits) over all the rest
 * with a secret kept in the settings table. A forged or altered link is refused before any
 * look-up; the nonce is stored when the link decides, so it works once (the approve and the
 * reject link of one message share the nonce). Opening the link only shows what it will do; the
 * page's button (a POST) decides, so a mail scanner that follows links decides nothing.
 */

export const LINK_DAYS = 14;
const SIGNATURE_BYTES = 16;
const FORM =
  /^(\d{1,15})\.(\d{1,15})\.([ar])\.([A-Za-z0-9_-]{16,32})\.([0-9a-z]{1,12})\.([A-Za-z0-9_-]{22})$/;

const linkSecret = defineSettings('approvals_link_secret', z.object({ secret: z.string().min(1) }), () => ({
  secret: '',
}));

/** The signing secret: made once per installation, shared by every instance through the database. */
export async function secretOf(tx: Queryable): Promise<Buffer> {
  const existing = await linkSecret.find(tx);
  if (existing) return Buffer.from(existing.secret, 'hex');
  await linkSecret.setIfAbsent(tx, { secret: randomBytes(32).toString('hex') });
  const created = await linkSecret.find(tx);
  if (!created) throw new Error('approval link secret could not be stored');
  return Buffer.from(created.secret, 'hex');
}

function sign(secret: Buffer, body: string): string {
  return createHmac('sha256', secret)
    .update(`approval.${body}`)
    .digest()
    .subarray(0, SIGNATURE_BYTES)
    .toString('base64url');
}

/** A signed token (pure; the secret, nonce and expiry are parameters). */
export function signLink(
  secret: Buffer,
  claims: { approvalId: number; userId: number; decision: ApprovalDecision; nonce: string; expiresAt: Date },
): string {
  const expiry = Math.floor(claims.expiresAt.getTime() / 1000).toString(36);
  const body = `${claims.approvalId}.${claims.userId}.${claims.decision === 'approve' ? 'a' : 'r'}.${claims.nonce}.${expiry}`;
  return `${body}.${sign(secret, body)}`;
}

export type LinkClaims = {
  approvalId: number;
  userId: number;
  decision: ApprovalDecision;
  nonce: string;
  expiresAt: Date;
};

/** The claims of a genuine, unexpired token; a 400 for a forged or malformed one, a 410 when expired. */
export function verifyLink(secret: Buffer, token: string, now: Date): LinkClaims {
  const match = FORM.exec(token);
  if (!match) throw new AppError('approval.link_invalid');
  const [, approval = '', user = '', d = '', nonce = '', expiry = '', signature = ''] = match;
  const body = `${approval}.${user}.${d}.${nonce}.${expiry}`;
  const expected = Buffer.from(sign(secret, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    throw new AppError('approval.link_invalid');
  const expiresAt = new Date(Number.parseInt(expiry, 36) * 1000);
  if (expiresAt.getTime() <= now.getTime()) throw new AppError('approval.link_expired');
  return {
    approvalId: Number(approval),
    userId: Number(user),
    decision: d === 'a' ? 'approve' : 'reject',
    nonce,
    expiresAt,
  };
}

export const linkPath = (token: string) => `/approval-link/${token}`;

/** The approve and reject links for one approver's message (one nonce: one of them works, once). */
export async function decisionLinks(
  tx: Queryable,
  approval: ApprovalRow,
  userId: number,
  now = new Date(),
): Promise<{ approve: string; reject: string }> {
  const secret = await secretOf(tx);
  const nonce = randomBytes(18).toString('base64url');
  const expiresAt = new Date(now.getTime() + LINK_DAYS * 86_400_000);
  const base = mailSettings().publicUrl;
  const link = (decision: ApprovalDecision) =>
    `${base}${linkPath(signLink(secret, { approvalId: approval.id, userId, decision, nonce, expiresAt }))}`;
  return { approve: link('approve'), reject: link('reject') };
}
