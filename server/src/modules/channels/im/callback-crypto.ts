import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

/**
 * The four platforms' own callback cryptography, as their official SDKs do it. Pure functions:
 * every clock reading and random value is a parameter.
 */

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

// --- DingTalk: outgoing robot (企业内部机器人) ---

/** DingTalk stale-timestamp limit for a robot callback (its documentation: one hour). */
export const DINGTALK_MAX_SKEW_MS = 60 * 60 * 1000;

/** base64(HmacSHA256(appSecret, timestamp + "\n" + appSecret)), `timestamp` in milliseconds. */
export function dingtalkCallbackSign(appSecret: string, timestamp: string): string {
  return createHmac('sha256', appSecret).update(`${timestamp}\n${appSecret}`).digest('base64');
}

export function verifyDingtalkCallback(options: {
  appSecret: string;
  timestamp: string | undefined;
  sign: string | undefined;
  now: Date;
}): boolean {
  const { appSecret, timestamp, sign, now } = options;
  if (!timestamp || !sign || !/^\d{13}$/.test(timestamp)) return false;
  if (Math.abs(now.getTime() - Number(timestamp)) > DINGTALK_MAX_SKEW_MS) return false;
  return sameText(dingtalkCallbackSign(appSecret, timestamp), sign);
}

// --- WeCom: WXBizMsgCrypt (self-built app callback) ---

/** sha1 of the sorted [token, timestamp, nonce, encrypted] joined, hex. */
export function wecomSignature(token: string, timestamp: string, nonce: string, encrypted: string): string {
  return createHash('sha1').update([token, timestamp, nonce, encrypted].sort().join('')).digest('hex');
}

function wecomKey(encodingAesKey: string): Buffer {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (key.length !== 32) throw new Error('EncodingAESKey must decode to 32 bytes');
  return key;
}

/** Decrypts a WXBizMsgCrypt payload; throws unless the padding is right and receiveid matches. */
export function wecomDecrypt(encodingAesKey: string, encrypted: string, receiveId: string): string {
  const key = wecomKey(encodingAesKey);
  const data = Buffer.from(encrypted, 'base64');
  if (data.length === 0 || data.length % 32 !== 0) throw new Error('ciphertext is not whole blocks');
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(data), decipher.final()]);
  // PKCS#7 with a block size of 32 (the SDK's own padding, not AES's 16).
  const pad = plain[plain.length - 1] ?? 0;
  if (pad < 1 || pad > 32 || plain.length < 20 + pad) throw new Error('bad padding');
  for (let i = plain.length - pad; i < plain.length; i++)
    if (plain[i] !== pad) throw new Error('bad padding');
  const body = plain.subarray(16, plain.length - pad);
  const length = body.readUInt32BE(0);
  if (4 + length > body.length) throw new Error('bad message length');
  const message = body.subarray(4, 4 + length).toString('utf8');
  const from = body.subarray(4 + length).toString('utf8');
  if (from !== receiveId) throw new Error('receiveid does not match');
  return message;
}

/** Encrypts a passive reply as WXBizMsgCrypt does; `random16` is the 16 random leading bytes. */
export function wecomEncrypt(
  encodingAesKey: string,
  message: string,
  receiveId: string,
  random16: Buffer = randomBytes(16),
): string {
  const key = wecomKey(encodingAesKey);
  const text = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(text.length, 0);
  const unpadded = Buffer.concat([random16, length, text, Buffer.from(receiveId, 'utf8')]);
  const pad = 32 - (unpadded.length % 32);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([
    cipher.update(Buffer.concat([unpadded, Buffer.alloc(pad, pad)])),
    cipher.final(),
  ]).toString('base64');
}

// --- Feishu / Lark: event subscription 2.0 ---

/** Decrypts `{"encrypt": ...}`: key = sha256(encryptKey), IV = the first 16 bytes, PKCS#7. */
export function feishuDecrypt(encryptKey: string, encrypted: string): string {
  const key = createHash('sha256').update(encryptKey).digest();
  const data = Buffer.from(encrypted, 'base64');
  if (data.length < 32 || data.length % 16 !== 0) throw new Error('ciphertext is not whole blocks');
  const decipher = createDecipheriv('aes-256-cbc', key, data.subarray(0, 16));
  return Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]).toString('utf8');
}

/** Encrypts as the Feishu open platform does (used to build requests in tests). */
export function feishuEncrypt(encryptKey: string, plain: string, iv: Buffer = randomBytes(16)): string {
  const key = createHash('sha256').update(encryptKey).digest();
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final()]).toString('base64');
}

/** X-Lark-Signature: hex sha256(timestamp + nonce + encryptKey + rawBody). */
export function feishuSignature(
  timestamp: string,
  nonce: string,
  encryptKey: string,
  rawBody: string,
): string {
  return createHash('sha256')
    .update(timestamp + nonce + encryptKey + rawBody)
    .digest('hex');
}

// --- Slack: Events API ---

/** Slack refuses requests older than five minutes (replay protection). */
export const SLACK_MAX_SKEW_MS = 5 * 60 * 1000;

/** 'v0=' + hex HMAC-SHA256(signingSecret, 'v0:' + timestamp + ':' + rawBody). */
export function slackSignature(signingSecret: string, timestamp: string, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

export function verifySlackRequest(options: {
  signingSecret: string;
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: string;
  now: Date;
}): boolean {
  const { signingSecret, timestamp, signature, rawBody, now } = options;
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(now.getTime() - Number(timestamp) * 1000) > SLACK_MAX_SKEW_MS) return false;
  return sameText(slackSignature(signingSecret, timestamp, rawBody), signature);
}

export { sameText };
