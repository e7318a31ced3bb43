import type { ImInboundCredentials, ImPlatform } from '../../../../../contracts/channels.ts';
import { AppError } from '../../../platform/http/errors.ts';
import {
  DINGTALK_MAX_SKEW_MS,
  feishuDecrypt,
  feishuSignature,
  sameText,
  verifyDingtalkCallback,
  verifySlackRequest,
  wecomDecrypt,
  wecomSignature,
} from './callback-crypto.ts';

/** What a platform sent to a bot's callback URL, as received. */
export interface CallbackRequest {
  method: 'GET' | 'POST';
  query: Record<string, string | undefined>;
  header: (name: string) => string | undefined;
  rawBody: string;
  now: Date;
}

/** A person's text message, read from the platform's own format. */
export interface InboundImText {
  /** The platform's id of this delivery: a redelivery carries the same. */
  deliveryId: string;
  externalUserId: string;
  senderName: string;
  text: string;
  /** Where the answer goes: the platform's message/channel/conversation ids. */
  reply: { chatId?: string; messageId?: string; threadTs?: string; toUser?: string; sessionWebhook?: string };
}

export type CallbackOutcome =
  | { kind: 'answer'; contentType: string; body: string }
  | { kind: 'message'; message: InboundImText }
  | { kind: 'ignored' };

const invalid = () => new AppError('channels.im_signature_invalid');
/** WeCom and Feishu requests older or newer than this are refused (their retries come within it). */
const CALLBACK_MAX_SKEW_MS = DINGTALK_MAX_SKEW_MS;

function fresh(seconds: string | undefined, now: Date): boolean {
  if (!seconds || !/^\d{1,12}$/.test(seconds)) return false;
  return Math.abs(now.getTime() - Number(seconds) * 1000) <= CALLBACK_MAX_SKEW_MS;
}

function parseJson(raw: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(raw);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new AppError('validation.invalid', { params: { detail: 'body is not a JSON object' } });
}

const str = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
const obj = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/**
 * The text of one element of a flat XML document (WeCom's envelope and message): CDATA or
 * plain text with the five predefined entities. No DTD, no entity expansion: nothing else is read.
 */
export function xmlField(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([^<]*))</${name}>`).exec(xml);
  if (!match) return undefined;
  if (match[1] !== undefined) return match[1];
  return (match[2] ?? '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function dingtalk(creds: ImInboundCredentials, request: CallbackRequest): CallbackOutcome {
  if (request.method !== 'POST') throw invalid();
  const ok = verifyDingtalkCallback({
    appSecret: creds.appSecret ?? '',
    timestamp: request.header('timestamp'),
    sign: request.header('sign'),
    now: request.now,
  });
  if (!ok) throw invalid();
  const body = parseJson(request.rawBody);
  const content = str(obj(body.text).content)?.trim();
  const msgId = str(body.msgId);
  const user = str(body.senderStaffId) || str(body.senderId);
  if (body.msgtype !== 'text' || !content || !msgId || !user) return { kind: 'ignored' };
  // The conversation's reply URL, while it is valid (sessionWebhookExpiredTime, ms).
  const expires = Number(body.sessionWebhookExpiredTime ?? 0);
  const sessionWebhook =
    typeof body.sessionWebhook === 'string' &&
    body.sessionWebhook.length <= 1000 &&
    expires > request.now.getTime()
      ? body.sessionWebhook
      : undefined;
  return {
    kind: 'message',
    message: {
      deliveryId: msgId,
      externalUserId: user,
      senderName: str(body.senderNick) ?? user,
      text: content,
      reply: {
        ...(str(body.conversationId) ? { chatId: str(body.conversationId) } : {}),
        ...(sessionWebhook ? { sessionWebhook } : {}),
      },
    },
  };
}

function wecom(creds: ImInboundCredentials, request: CallbackRequest): CallbackOutcome {
  const token = creds.token ?? '';
  const aesKey = creds.encodingAesKey ?? '';
  const corpId = creds.corpId ?? '';
  const { msg_signature: signature, timestamp, nonce } = request.query;
  if (!signature || !timestamp || !nonce || !fresh(timestamp, request.now)) throw invalid();
  const open = (encrypted: string) => {
    if (!sameText(wecomSignature(token, timestamp, nonce, encrypted), signature)) throw invalid();
    try {
      return wecomDecrypt(aesKey, encrypted, corpId);
    } catch {
      throw invalid();
    }
  };
  if (request.method === 'GET') {
    const echostr = request.query.echostr;
    if (!echostr) throw invalid();
    return { kind: 'answer', contentType: 'text/plain; charset=utf-8', body: open(echostr) };
  }
  const encrypted = xmlField(request.rawBody, 'Encrypt');
  if (!encrypted) throw invalid();
  const xml = open(encrypted);
  const content = xmlField(xml, 'Content')?.trim();
  const msgId = xmlField(xml, 'MsgId');
  const user = xmlField(xml, 'FromUserName');
  if (xmlField(xml, 'MsgType') !== 'text' || !content || !msgId || !user) return { kind: 'ignored' };
  return {
    kind: 'message',
    message: {
      deliveryId: msgId,
      externalUserId: user,
      senderName: user,
      text: content,
      reply: { toUser: user },
    },
  };
}

function feishu(creds: ImInboundCredentials, request: CallbackRequest): CallbackOutcome {
  if (request.method !== 'POST') throw invalid();
  const encryptKey = creds.encryptKey ?? '';
  const outer = parseJson(request.rawBody);
  let body = outer;
  if (typeof outer.encrypt === 'string') {
    try {
      body = parseJson(feishuDecrypt(encryptKey, outer.encrypt));
    } catch {
      throw invalid();
    }
  }
  const tokenOk = (given: unknown) =>
    typeof given === 'string' && sameText(given, creds.verificationToken ?? '');
  // The URL check carries the verification token, not a signature (the SDKs answer it first).
  if (body.type === 'url_verification') {
    if (!tokenOk(body.token) || typeof body.challenge !== 'string') throw invalid();
    return {
      kind: 'answer',
      contentType: 'application/json; charset=utf-8',
      body: JSON.stringify({ challenge: body.challenge }),
    };
  }
  const timestamp = request.header('x-lark-request-timestamp');
  const nonce = request.header('x-lark-request-nonce');
  const signature = request.header('x-lark-signature');
  if (!timestamp || !nonce || !signature || !fresh(timestamp, request.now)) throw invalid();
  if (!sameText(feishuSignature(timestamp, nonce, encryptKey, request.rawBody), signature)) throw invalid();
  const header = obj(body.header);
  if (!tokenOk(header.token)) throw invalid();
  const event = obj(body.event);
  const message = obj(event.message);
  const senderId = obj(obj(event.sender).sender_id);
  const eventId = str(header.event_id);
  const user = str(senderId.user_id) || str(senderId.open_id);
  let text: string | undefined;
  try {
    text = str(obj(JSON.parse(str(message.content) ?? 'null')).text)?.trim();
  } catch {
    text = undefined;
  }
  if (obj(event.sender).sender_type === 'app') return { kind: 'ignored' };
  if (header.event_type !== 'im.message.receive_v1' || message.message_type !== 'text')
    return { kind: 'ignored' };
  if (!eventId || !user || !text) return { kind: 'ignored' };
  // Feishu writes a mention of the bot as @_user_1 in the text: not part of what the person asked.
  const cleaned = text.replace(/@_user_\d+\s*/g, '').trim();
  if (!cleaned) return { kind: 'ignored' };
  return {
    kind: 'message',
    message: {
      deliveryId: eventId,
      externalUserId: user,
      senderName: user,
      text: cleaned,
      reply: {
        ...(str(message.chat_id) ? { chatId: str(message.chat_id) } : {}),
        ...(str(message.message_id) ? { messageId: str(message.message_id) } : {}),
      },
    },
  };
}

function slack(creds: ImInboundCredentials, request: CallbackRequest): CallbackOutcome {
  if (request.method !== 'POST') throw invalid();
  const ok = verifySlackRequest({
    signingSecret: creds.signingSecret ?? '',
    timestamp: request.header('x-slack-request-timestamp'),
    signature: request.header('x-slack-signature'),
    rawBody: request.rawBody,
    now: request.now,
  });
  if (!ok) throw invalid();
  const body = parseJson(request.rawBody);
  if (body.type === 'url_verification') {
    if (typeof body.challenge !== 'string') throw invalid();
    return { kind: 'answer', contentType: 'text/plain; charset=utf-8', body: body.challenge };
  }
  if (body.type !== 'event_callback') return { kind: 'ignored' };
  const event = obj(body.event);
  // Direct messages (`message`) and mentions of the bot in a channel (`app_mention`). Bots' own
  // messages and edits/joins (subtypes) are not a person asking: answering them loops.
  if (event.type !== 'message' && event.type !== 'app_mention') return { kind: 'ignored' };
  if (event.bot_id || event.subtype) return { kind: 'ignored' };
  const eventId = str(body.event_id);
  const user = str(event.user);
  // Slack escapes &, < and > in message text; a leading mention of the bot is not the request.
  const text = str(event.text)
    ?.replace(/^\s*<@[A-Z0-9]+>\s*/, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();
  const channel = str(event.channel);
  if (!eventId || !user || !text || !channel) return { kind: 'ignored' };
  const threadTs = str(event.thread_ts) ?? str(event.ts);
  return {
    kind: 'message',
    message: {
      deliveryId: eventId,
      externalUserId: user,
      senderName: user,
      text,
      reply: { chatId: channel, ...(threadTs ? { threadTs } : {}) },
    },
  };
}

/**
 * Reads a platform's callback exactly as the platform sends it: verifies its signature (401
 * otherwise), answers its URL handshake, and returns a person's text message.
 */
export function readCallback(
  platform: ImPlatform,
  creds: ImInboundCredentials,
  request: CallbackRequest,
): CallbackOutcome {
  switch (platform) {
    case 'dingtalk':
      return dingtalk(creds, request);
    case 'wecom':
      return wecom(creds, request);
    case 'feishu':
      return feishu(creds, request);
    case 'slack':
      return slack(creds, request);
  }
}
