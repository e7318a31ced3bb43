import { describe, expect, it } from 'vitest';
import { isOwnMessageId, parseMessageIdList, ticketIdFromOwnMessageId } from '../../notifications/index.ts';
import { automaticReason } from './automatic-mail.ts';
import { cleanSubject, cleanText, foldQuoted, subjectTicketNumber } from './mail-content.ts';
import { readHeaders } from './mail-headers.ts';

describe('folding quoted history', () => {
  it('cuts at the reply intro of common clients, in English and Chinese', () => {
    expect(foldQuoted('Thanks, fixed.\n\nOn Mon, 3 Nov 2026 at 10:00, Desk <d@x> wrote:\n> old')).toEqual({
      reply: 'Thanks, fixed.',
      quoted: 'On Mon, 3 Nov 2026 at 10:00, Desk <d@x> wrote:\n> old',
    });
    expect(foldQuoted('好的，谢谢\n\n在 2026年11月3日 10:00，服务台 写道：\n> 旧内容').reply).toBe(
      '好的，谢谢',
    );
    const outlook =
      '已经恢复。\n\n发件人: 服务台 <desk@x>\n发送时间: 2026年11月3日 10:00\n收件人: 我\n主题: 工单\n\n旧内容';
    expect(foldQuoted(outlook).reply).toBe('已经恢复。');
    expect(foldQuoted('Reply\n-----Original Message-----\nFrom: x').reply).toBe('Reply');
    expect(foldQuoted('Top\n\n> quoted one\n> quoted two\n').reply).toBe('Top');
  });
  it('keeps everything when nothing new was written above the quote', () => {
    expect(foldQuoted('> only a quote').reply).toBe('> only a quote');
    expect(foldQuoted('no quote at all')).toEqual({ reply: 'no quote at all', quoted: '' });
  });
});

describe('subjects and ids', () => {
  it('strips reply prefixes and finds the [#number] tag', () => {
    expect(cleanSubject('RE: 回复： Fwd: 打印机')).toBe('打印机');
    expect(subjectTicketNumber('Re: [#10234] printer')).toBe(10234);
    expect(subjectTicketNumber('no tag #10234')).toBeNull();
  });
  it('recognises the product’s own Message-IDs only for its own domains', () => {
    expect(ticketIdFromOwnMessageId('<sd.42.abcdef012345@support.localhost>', ['support.localhost'])).toBe(
      42,
    );
    expect(ticketIdFromOwnMessageId('<sd.42.abcdef012345@evil.example>', ['support.localhost'])).toBeNull();
    expect(isOwnMessageId('<random@support.localhost>', ['support.localhost'])).toBe(false);
    expect(parseMessageIdList('<a@b> <c@d>,<e@f>')).toEqual(['<a@b>', '<c@d>', '<e@f>']);
  });
  it('removes NUL and control characters', () => {
    expect(cleanText('a\u0000b\r\nc\u0007')).toBe('ab\nc');
  });
});

describe('automatic mail', () => {
  const context = { ownAddresses: ['desk@support.localhost'], ownMessageId: () => false };
  const reason = (headers: string, envelopeFrom?: string | null) =>
    automaticReason(readHeaders(headers), {
      ...context,
      ...(envelopeFrom !== undefined ? { envelopeFrom } : {}),
    });
  it('lets a person’s mail through', () => {
    expect(reason('From: a@b.c\nAuto-Submitted: no\nSubject: help')).toBeNull();
  });
  it('stops auto-replies, reports, bulk, loops and bounces', () => {
    expect(reason('From: a@b.c\nAuto-Submitted: auto-replied')).toMatch(/auto-submitted/);
    expect(reason('From: a@b.c\nContent-Type: multipart/report;\n report-type=delivery-status')).toMatch(
      /report/,
    );
    expect(reason('From: a@b.c\nPrecedence: auto_reply')).toMatch(/precedence/);
    expect(reason('From: a@b.c\nX-Loop: desk@support.localhost')).toMatch(/x-loop/);
    expect(reason('From: IT <desk@support.localhost>')).toMatch(/desk itself/);
    expect(reason('From: postmaster@b.c')).toMatch(/bounce/);
    expect(reason('From: a@b.c', '')).toMatch(/null sender/);
  });
});
