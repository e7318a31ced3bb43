import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { ImInboundInput } from '../../../../../contracts/channels.ts';
import { imBots, imInbound } from '../../../db/schema.ts';
import type { Tx } from '../../../platform/db/database.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { SYSTEM_READER } from '../../identity/index.ts';
import { createTicket, getTicket } from '../../tickets/index.ts';
import { channelSettings } from '../channel-settings.ts';
import { requesterActor } from '../requesters.ts';

/** Signed requests older or newer than this are refused (replay protection). */
export const MAX_SKEW_MS = 5 * 60 * 1000;

/** `sha256=<hex>` of HMAC-SHA256(secret, `${timestamp}.${rawBody}`). Pure. */
export function signInbound(secret: string, timestamp: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

export function verifyInboundSignature(options: {
  secret: string;
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: string;
  now: Date;
}): boolean {
  const { secret, timestamp, signature, rawBody, now } = options;
  if (!timestamp || !signature || !/^\d{10,13}$/.test(timestamp)) return false;
  const ms = timestamp.length <= 10 ? Number(timestamp) * 1000 : Number(timestamp);
  if (Math.abs(now.getTime() - ms) > MAX_SKEW_MS) return false;
  const expected = Buffer.from(signInbound(secret, timestamp, rawBody));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Checks the signature of a bot's incoming webhook; 401 unless it is right and recent. */
export async function assertInboundSigned(
  tx: Tx,
  botId: number,
  headers: { timestamp: string | undefined; signature: string | undefined },
  rawBody: string,
  now: Date,
): Promise<void> {
  const [bot] = await tx.select().from(imBots).where(eq(imBots.id, botId));
  if (!bot?.active || !bot.inboundSecretEnc) throw new AppError('channels.im_signature_invalid');
  const secret = channelSettings().secrets.open(bot.inboundSecretEnc);
  if (!verifyInboundSignature({ secret, ...headers, rawBody, now }))
    throw new AppError('channels.im_signature_invalid');
}

/**
 * Opens a ticket (channel im) from a signed incoming webhook. Idempotent by (bot, externalId):
 * a platform that retries its delivery gets the same ticket back.
 */
export async function ingestImMessage(options: {
  tx: Tx;
  botId: number;
  input: ImInboundInput;
}): Promise<{ ticketId: number; number: number; duplicate: boolean }> {
  const { tx, botId, input } = options;
  const [claim] = await tx
    .insert(imInbound)
    .values({ botId, externalId: input.externalId })
    .onConflictDoNothing()
    .returning({ id: imInbound.id });
  if (!claim) {
    const [existing] = await tx
      .select({ ticketId: imInbound.ticketId })
      .from(imInbound)
      .where(and(eq(imInbound.botId, botId), eq(imInbound.externalId, input.externalId)));
    const ticketId = existing?.ticketId;
    if (!ticketId) throw new AppError('channels.im_duplicate');
    const ticket = await getTicket({ tx, actor: SYSTEM_READER, ticketId });
    return { ticketId, number: ticket.number, duplicate: true };
  }
  const actor = await requesterActor(
    tx,
    input.requester.email,
    input.requester.name ?? input.requester.email,
    {
      create: true,
    },
  );
  if (!actor) throw new AppError('channels.requester_not_allowed');
  const ticket = await createTicket({
    tx,
    actor,
    input: {
      subject: input.subject,
      description: input.description,
      type: input.type,
      impact: input.impact,
      urgency: input.urgency,
      channel: 'im',
    },
  });
  await tx.update(imInbound).set({ ticketId: ticket.id }).where(eq(imInbound.id, claim.id));
  return { ticketId: ticket.id, number: ticket.number, duplicate: false };
}
