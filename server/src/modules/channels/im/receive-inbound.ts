import { ImInboundInput } from '../../../../../contracts/channels.ts';
import type { Tx } from '../../../platform/db/database.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { assertValidText } from '../../../platform/http/valid-text.ts';
import { assertInboundSigned, ingestImMessage } from './im-inbound.ts';

/**
 * POST /channels/im-bots/:id/inbound: the generic webhook. The signature is checked over the
 * exact bytes first; only a signed body is parsed (JSON, valid text, the contract) and opens
 * or finds the ticket. A bad body is 400 `validation.invalid` with the field at fault.
 */
export async function receiveImInbound(options: {
  tx: Tx;
  botId: number;
  signature: { timestamp: string | undefined; signature: string | undefined };
  rawBody: string;
  now: Date;
}) {
  const { tx, botId, rawBody } = options;
  await assertInboundSigned(tx, botId, options.signature, rawBody, options.now);
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new AppError('validation.invalid', { params: { detail: 'body is not JSON' } });
  }
  assertValidText(json);
  const parsed = ImInboundInput.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || undefined;
    throw new AppError('validation.invalid', {
      ...(field ? { field } : {}),
      params: { detail: `${field ?? 'body'}: ${issue?.message ?? 'invalid'}` },
    });
  }
  return ingestImMessage({ tx, botId, input: parsed.data });
}
