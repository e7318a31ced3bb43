import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CreateImBotInput, UpdateImBotInput } from '../../../../../contracts/channels.ts';
import { updateSchema } from '../../../../../contracts/common.ts';
import { CreateOrganizationInput, UpdateOrganizationInput } from '../../../../../contracts/identity.ts';
import { UpdateResolutionCodeInput } from '../../../../../contracts/resolution.ts';
import {
  dingtalkCallbackSign,
  feishuDecrypt,
  feishuEncrypt,
  feishuSignature,
  slackSignature,
  verifyDingtalkCallback,
  verifySlackRequest,
  wecomDecrypt,
  wecomEncrypt,
  wecomSignature,
} from './callback-crypto.ts';
import { xmlField } from './callback-protocols.ts';
import { escapeMentions } from './platforms.ts';

// The WXBizMsgCrypt samples' published values (WeCom's Sample.py / Sample.java / Sample.cs).
const WECOM = {
  token: 'QDG6eK',
  corpId: 'wx5823bf96d3bd56c7',
  encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  verify: {
    msgSignature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
    timestamp: '1409659589',
    nonce: '263014780',
    echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
    plain: '1616140317555161061',
  },
  request: {
    msgSignature: '477715d11cdb4164915debcba66cb864d751f3e6',
    timestamp: '1409659813',
    nonce: '1372623149',
    encrypt:
      'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==',
  },
};

describe('WeCom WXBizMsgCrypt against the SDK samples', () => {
  it('verifies the URL check and decrypts its echostr', () => {
    const { verify } = WECOM;
    expect(wecomSignature(WECOM.token, verify.timestamp, verify.nonce, verify.echostr)).toBe(
      verify.msgSignature,
    );
    expect(wecomDecrypt(WECOM.encodingAesKey, verify.echostr, WECOM.corpId)).toBe(verify.plain);
  });

  it('verifies and decrypts the sample message', () => {
    const { request } = WECOM;
    expect(wecomSignature(WECOM.token, request.timestamp, request.nonce, request.encrypt)).toBe(
      request.msgSignature,
    );
    const xml = wecomDecrypt(WECOM.encodingAesKey, request.encrypt, WECOM.corpId);
    expect(xmlField(xml, 'FromUserName')).toBe('mycreate');
    expect(xmlField(xml, 'Content')).toBe('hello');
    expect(xmlField(xml, 'MsgId')).toBe('4561255354251345929');
    expect(xmlField(xml, 'MsgType')).toBe('text');
    expect(xmlField(xml, 'AgentID')).toBe('218');
  });

  it('refuses another receiveid, a wrong key and a broken ciphertext', () => {
    expect(() => wecomDecrypt(WECOM.encodingAesKey, WECOM.verify.echostr, 'wwother')).toThrow();
    expect(() =>
      wecomDecrypt('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', WECOM.verify.echostr, WECOM.corpId),
    ).toThrow();
    expect(() => wecomDecrypt(WECOM.encodingAesKey, 'AAAA', WECOM.corpId)).toThrow();
  });

  it('encrypts a reply the SDK decrypts (padding to 32, length, receiveid)', () => {
    const reply = '<xml><Content><![CDATA[工单 #1]]></Content></xml>';
    for (let extra = 0; extra < 40; extra++) {
      const message = reply + 'x'.repeat(extra);
      const sealed = wecomEncrypt(WECOM.encodingAesKey, message, WECOM.corpId, Buffer.alloc(16, 7));
      expect(Buffer.from(sealed, 'base64').length % 32).toBe(0);
      expect(wecomDecrypt(WECOM.encodingAesKey, sealed, WECOM.corpId)).toBe(message);
    }
  });
});

describe('Feishu event encryption against the documented example', () => {
  it('decrypts the open platform example ("test key" -> "hello world")', () => {
    expect(feishuDecrypt('test key', 'P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=')).toBe('hello world');
    expect(() => feishuDecrypt('other key', 'P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=')).toThrow();
  });

  it('round-trips and signs as sha256(timestamp + nonce + encryptKey + body), hex', () => {
    const sealed = feishuEncrypt('k', '{"a":1}');
    expect(feishuDecrypt('k', sealed)).toBe('{"a":1}');
    // As the official node SDK computes it (dispatcher/request-handle.ts checkIsEventValidated).
    const body = '{"schema":"2.0"}';
    expect(feishuSignature('1700000000', 'n0nce', 'k', body)).toBe(
      createHash('sha256').update(`1700000000n0ncek${body}`).digest('hex'),
    );
    expect(feishuSignature('1', 'n', 'k', 'b')).not.toBe(feishuSignature('1', 'n', 'k', 'c'));
  });
});

describe('Slack request signing against the documented example', () => {
  // api.slack.com/authentication/verifying-requests-from-slack: the worked example.
  const secret = '8f742231b10e8888abcd99yyyzzz85a5';
  const timestamp = '1531420618';
  const body =
    'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
  const signature = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';

  it('computes the documented signature and accepts it within five minutes', () => {
    expect(slackSignature(secret, timestamp, body)).toBe(signature);
    const at = (seconds: number) => new Date((Number(timestamp) + seconds) * 1000);
    const check = (now: Date, sig = signature, raw = body) =>
      verifySlackRequest({ signingSecret: secret, timestamp, signature: sig, rawBody: raw, now });
    expect(check(at(299))).toBe(true);
    expect(check(at(301))).toBe(false);
    expect(check(at(0), signature.replace('a2', 'a3'))).toBe(false);
    expect(check(at(0), signature, `${body}x`)).toBe(false);
  });
});

describe('DingTalk outgoing robot signature', () => {
  it('is base64(HmacSHA256(appSecret, timestamp + "\\n" + appSecret)) and refuses stale timestamps', () => {
    const secret = 'SEC-app-secret';
    const timestamp = '1764835200000';
    const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
    expect(dingtalkCallbackSign(secret, timestamp)).toBe(expected);
    const now = (ms: number) => new Date(Number(timestamp) + ms);
    const check = (at: Date, sign = expected) =>
      verifyDingtalkCallback({ appSecret: secret, timestamp, sign, now: at });
    expect(check(now(59 * 60 * 1000))).toBe(true);
    expect(check(now(61 * 60 * 1000))).toBe(false);
    expect(check(now(0), dingtalkCallbackSign('other', timestamp))).toBe(false);
  });
});

describe('outbound text cannot mention everyone', () => {
  it('escapes each platform’s own mention syntax', () => {
    expect(escapeMentions('slack', 'hi <!channel> <!here> <!everyone> <@U024BE7LH> & co')).toBe(
      'hi &lt;!channel&gt; &lt;!here&gt; &lt;!everyone&gt; &lt;@U024BE7LH&gt; &amp; co',
    );
    expect(escapeMentions('wecom', '@all 请看 <@zhangsan>')).not.toMatch(/@all|<@/);
    expect(escapeMentions('dingtalk', '通知 @all @ALL')).not.toMatch(/@all/i);
    expect(escapeMentions('feishu', '<at user_id="all">所有人</at> @所有人')).not.toMatch(
      /<at|<\/at|@所有人/,
    );
    expect(escapeMentions('wecom', '打印机 email@alliance.cn')).toContain('打印机');
  });
});

describe('edits keep what they do not name', () => {
  it('makes an update schema that applies no create default', () => {
    expect(CreateImBotInput.parse({ name: 'x', platform: 'slack' })).toMatchObject({
      active: true,
      events: [],
    });
    expect(UpdateImBotInput.parse({ name: 'renamed' })).toEqual({ name: 'renamed' });
    expect(UpdateOrganizationInput.parse({ name: 'Org' })).toEqual({ name: 'Org' });
    expect(UpdateResolutionCodeInput.parse({ labelEn: 'Fixed' })).toEqual({ labelEn: 'Fixed' });
    expect(updateSchema(CreateOrganizationInput).parse({ shareTickets: true })).toEqual({
      shareTickets: true,
    });
    expect(UpdateImBotInput.safeParse({ active: 'yes' }).success).toBe(false);
  });
});
