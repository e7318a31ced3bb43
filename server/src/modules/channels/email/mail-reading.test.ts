import { randomBytes } from 'node:crypto';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { buildWinmailDat, mapiProps, mapiVariable, tnefAttribute } from '../../../../test/factories-mail.ts';
import { automaticContentReason, automaticReason, sesNotification } from './automatic-mail.ts';
import { decodeText, guessChinese } from './charsets.ts';
import { htmlToPlainText } from './html-text.ts';
import { readHeaders } from './mail-headers.ts';
import { readMail } from './read-mail.ts';
import { readMapiProperties, unpackTnef } from './tnef.ts';

describe('TNEF (winmail.dat)', () => {
  it('unpacks the files Outlook put in it, by legacy attributes and by MAPI properties', () => {
    const files = unpackTnef(buildWinmailDat());
    expect(files?.map((f) => [f.filename, f.contentType, f.content.length])).toEqual([
      ['故障报告.txt', 'text/plain', Buffer.byteLength('打印机 P-12 报错 E-05\r\n')],
      ['截图.png', null, 70],
    ]);
    expect(files?.[0]?.content.toString('utf8')).toBe('打印机 P-12 报错 E-05\r\n');
  });
  it('returns null, never throws, for a bad checksum, truncation, garbage or no attachment', () => {
    const good = buildWinmailDat();
    const badChecksum = Buffer.from(good);
    badChecksum[good.length - 1] = (badChecksum[good.length - 1] ?? 0) ^ 0xff;
    expect(unpackTnef(badChecksum)).toBeNull();
    for (let cut = 0; cut < good.length; cut += 7)
      expect(() => unpackTnef(good.subarray(0, cut))).not.toThrow();
    expect(unpackTnef(good.subarray(0, good.length - 3))).toBeNull();
    for (let i = 0; i < 200; i++) {
      const junk = Buffer.concat([good.subarray(0, 6), randomBytes(1 + (i % 97) * 13)]);
      expect(() => unpackTnef(junk)).not.toThrow();
    }
    // A huge declared length is caught, not allocated.
    const huge = Buffer.concat([
      good.subarray(0, 6),
      Buffer.from([2, 0x0f, 0x80, 0x06, 0x00, 0xff, 0xff, 0xff, 0x7f]),
    ]);
    expect(unpackTnef(huge)).toBeNull();
    const bodyOnly = Buffer.concat([
      good.subarray(0, 6),
      tnefAttribute(1, 0x00089006, Buffer.from([0, 0, 1, 0])),
    ]);
    expect(unpackTnef(bodyOnly)).toBeNull();
    expect(unpackTnef(Buffer.from('not tnef at all'))).toBeNull();
    expect(unpackTnef(good, { maxInput: 100, maxOutput: 1000 })).toBeNull();
  });
  it('reads a MAPI property list to its exact end and rejects one that overruns', () => {
    const props = mapiProps([mapiVariable(0x001f, 0x3001, Buffer.from('名称\0', 'utf16le'))]);
    expect(readMapiProperties(props)).toEqual([{ id: 0x3001, type: 0x001f, value: '名称' }]);
    expect(() => readMapiProperties(Buffer.concat([props, Buffer.from([1])]))).toThrow();
    expect(() => readMapiProperties(props.subarray(0, props.length - 2))).toThrow();
  });
});

describe('charsets', () => {
  it('tells GBK from Big5 in short Chinese text', () => {
    for (const text of ['打印机坏了', '张三', '财务系统无法导出报表'])
      expect(guessChinese(iconv.encode(text, 'gbk')), text).toBe('gb18030');
    for (const text of ['印表機故障', '陳大文', '財務系統無法匯出報表'])
      expect(guessChinese(iconv.encode(text, 'big5')), text).toBe('big5');
    expect(guessChinese(iconv.encode('帳號被鎖定，無法登入。', 'big5'))).toBe('big5');
    // Latin text is not taken for Chinese.
    expect(guessChinese(Buffer.from("L'imprimante ne répond plus, Müller", 'latin1'))).toBeNull();
    expect(decodeText(Buffer.from('ne répond plus', 'latin1'), 'iso-8859-1')).toBe('ne répond plus');
  });
  it('falls back to detection when the declared charset does not decode', () => {
    const gbk = iconv.encode('我的电脑不能上网了，请帮忙看看，谢谢。网络部', 'gbk');
    expect(decodeText(gbk, 'utf-8')).toContain('我的电脑不能上网了');
    expect(decodeText(gbk, 'iso-8859-1')).toContain('我的电脑不能上网了');
    expect(decodeText(iconv.encode('印表機故障，請協助', 'big5'), 'x-unknown-charset')).toBe(
      '印表機故障，請協助',
    );
    expect(decodeText(Buffer.from('Café crème', 'latin1'), 'utf-8')).toBe('Café crème');
    expect(decodeText(Buffer.from('naïve', 'utf8'), 'iso-8859-1')).toBe('naïve');
    expect(decodeText(iconv.encode('正常', 'gbk'), 'gb2312')).toBe('正常');
    expect(decodeText(iconv.encode('Hi 你好', 'utf-16le'), 'utf-16le')).toBe('Hi 你好');
    expect(decodeText(Buffer.from('Hi +T2BZfQ-', 'ascii'), 'utf-7')).toBe('Hi 你好');
    expect(decodeText(Buffer.from('\x1b$B$3$s$K$A$O\x1b(B', 'latin1'), 'iso-2022-jp')).toBe('こんにちは');
  });
});

describe('HTML-only mail', () => {
  it('becomes readable text: links kept, images, styles and scripts dropped, tables in columns, no wrapping', () => {
    const html = `<html><head><title>t</title><style>p{color:red}</style><script>x()</script></head><body>
      <h2>VPN 无法连接</h2><p>Since this morning the VPN client fails. See <a href="https://status.example.com/vpn">the status page</a>
      and <a href="https://example.com">https://example.com</a>.</p><img src="https://track.example.com/p.gif?id=1" alt="">
      <table><tr><th>Host</th><th>Error</th></tr><tr><td>vpn-01</td><td>TLS handshake</td></tr></table>
      <p>${'word '.repeat(60)}</p></body></html>`;
    const text = htmlToPlainText(html);
    expect(text).toContain('VPN 无法连接');
    expect(text).toContain('the status page <https://status.example.com/vpn>');
    expect(text).not.toContain('<https://example.com>');
    expect(text).not.toMatch(/track\.example|color:red|x\(\)|\bt\b\n/);
    expect(text).toMatch(/Host\s+Error\nvpn-01\s+TLS handshake/);
    expect(text.split('\n').some((line) => line.length > 200)).toBe(true);
  });
});

describe('automatic mail', () => {
  const context = { ownAddresses: ['desk@support.localhost'], ownMessageId: () => false };
  const reason = (block: string, envelopeFrom?: string | null) =>
    automaticReason(readHeaders(block), {
      ...context,
      ...(envelopeFrom !== undefined ? { envelopeFrom } : {}),
    });
  it('recognises each kind by its headers', () => {
    expect(reason('From: MAILER-DAEMON <>')).toMatch(/bounce/);
    expect(reason('From: MAILER-DAEMON')).toMatch(/bounce/);
    expect(reason('From: a@b.c\nContent-Type: message/feedback-report')).toMatch(/report/);
    expect(
      reason('From: a@b.c\nContent-Type: multipart/report; report-type=feedback-report; boundary=x'),
    ).toMatch(/feedback-report/);
    expect(reason('From: a@b.c\nX-Auto-Response-Suppress: All')).toMatch(/suppress/);
    expect(reason('From: a@b.c\nX-Auto-Response-Suppress: None')).toBeNull();
    expect(reason('From: a@b.c\nX-Autoreply: yes')).toMatch(/auto-reply/);
    expect(reason('From: a@b.c\nx-amz-sns-message-type: Notification')).toMatch(/SNS/);
    expect(reason('From: it-owner@lists.b.c\nList-Id: <it.lists.b.c>')).toMatch(/mailing-list/);
    expect(reason('From: alice@lists.b.c\nList-Id: <it.lists.b.c>')).toBeNull();
    expect(reason('From: a@b.c\nAuto-Submitted: no')).toBeNull();
    expect(reason('From: a@b.c', null)).toBeNull();
  });
  it('recognises reports, SES notifications and bounce or auto-reply subjects in the content', () => {
    const none = readHeaders('From: Alice <alice@b.c>');
    expect(
      automaticContentReason({ attachments: [{ contentType: 'message/delivery-status' }] }, none),
    ).toMatch(/report/);
    const ses = JSON.stringify({
      notificationType: 'Bounce',
      bounce: { bounceType: 'Permanent' },
      mail: { source: 'a@b.c' },
    });
    expect(
      sesNotification(`${ses}\n--\nIf you wish to stop receiving notifications from this topic, ...`),
    ).toBe('Bounce');
    expect(sesNotification(JSON.stringify({ Type: 'Notification', Message: ses }))).toBe('Bounce');
    expect(sesNotification('{"notificationType":"Bounce"}')).toBeNull();
    expect(automaticContentReason({ subject: '自动回复: 打印机' }, none)).toMatch(/auto-reply/);
    expect(automaticContentReason({ subject: 'Undeliverable: help' }, none)).toBeNull();
    expect(
      automaticContentReason(
        { subject: 'Undeliverable: help' },
        readHeaders('From: Microsoft Outlook <x@b.c>'),
      ),
    ).toMatch(/bounce/);
    expect(automaticContentReason({ subject: '退信' }, readHeaders('From: 系统管理员 <system@b.c>'))).toMatch(
      /bounce/,
    );
    expect(automaticContentReason({ subject: '关于自动回复的问题' }, none)).toBeNull();
  });
});

describe('reading raw 8-bit headers', () => {
  const raw = (subject: Buffer, from: Buffer, extra = '') =>
    Buffer.concat([
      Buffer.from('From: "'),
      from,
      Buffer.from('" <someone@client.example>\r\nSubject: '),
      subject,
      Buffer.from(`\r\nMessage-ID: <r@client.example>\r\n${extra}\r\n`),
      Buffer.from('body\r\n'),
    ]);
  it('decodes Big5, GBK and Latin-1 header bytes with and without a declared charset', async () => {
    const big5 = await readMail(
      raw(
        iconv.encode('印表機故障', 'big5'),
        iconv.encode('陳大文', 'big5'),
        'Content-Type: text/plain; charset=big5\r\n',
      ),
    );
    expect([big5.parsed.subject, big5.parsed.from?.value[0]?.name]).toEqual(['印表機故障', '陳大文']);
    const gbk = await readMail(raw(iconv.encode('打印机坏了', 'gbk'), iconv.encode('张三', 'gbk')));
    expect([gbk.parsed.subject, gbk.parsed.from?.value[0]?.name]).toEqual(['打印机坏了', '张三']);
    const latin = await readMail(
      raw(Buffer.from('Problème réseau', 'latin1'), Buffer.from('José', 'latin1')),
    );
    expect([latin.parsed.subject, latin.parsed.from?.value[0]?.name]).toEqual(['Problème réseau', 'José']);
    // A block mixing a raw UTF-8 From and a raw GBK Subject: each line in its own charset.
    const mixed = await readMail(raw(iconv.encode('显示器黑屏', 'gbk'), Buffer.from('王芳', 'utf8')));
    expect([mixed.parsed.subject, mixed.parsed.from?.value[0]?.name]).toEqual(['显示器黑屏', '王芳']);
  });
});
