import { eq } from 'drizzle-orm';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { OriginalMailDto } from '../../../../../contracts/channels.ts';
import { buildUser } from '../../../../test/factories.ts';
import { eventually, startInboundDesk } from '../../../../test/factories-channels.ts';
import { buildWinmailDat, tnefAttribute } from '../../../../test/factories-mail.ts';
import { json } from '../../../../test/harness.ts';
import { attachments, inboundEmails, ticketMessages, tickets, users } from '../../../db/schema.ts';
import { ensureSmtpMailbox } from './mailboxes.ts';
import { storeInbound } from './store-inbound.ts';

// Mail as real mailers send it, delivered over SMTP to the product's own listener (and, for
// "no envelope", stored as the IMAP poller stores it), processed by the running worker.
const { catcher, ctx, transport, db } = await startInboundDesk({ catcher: 4042, listener: 4046 });
const imapMailbox = await ensureSmtpMailbox(db, 'imap-like.localhost');

let serial = 0;
const nextId = (tag: string) => `<${tag}.${++serial}.${Date.now()}@client.example>`;

/** A message from header lines and a body, CRLF line ends; `raw` parts may be bytes. */
function message(headers: Array<string | Buffer>, body: string | Buffer): Buffer {
  const parts: Buffer[] = [];
  for (const header of headers)
    parts.push(Buffer.isBuffer(header) ? header : Buffer.from(header), Buffer.from('\r\n'));
  parts.push(Buffer.from('\r\n'), Buffer.isBuffer(body) ? body : Buffer.from(body));
  return Buffer.concat(parts);
}

async function deliver(raw: Buffer, envelopeFrom: string) {
  return transport.sendMail({ envelope: { from: envelopeFrom, to: ['help@support.localhost'] }, raw });
}

async function settled(messageId: string) {
  return eventually(async () => {
    const rows = await db.select().from(inboundEmails).where(eq(inboundEmails.messageId, messageId));
    return rows.length > 0 && rows.every((r) => r.status !== 'received') ? rows : null;
  }, `processing of ${messageId}`);
}

async function ticketOf(messageId: string) {
  const [row] = await settled(messageId);
  expect(row?.status, row?.reason ?? '').toBe('processed');
  const [ticket] = await db
    .select()
    .from(tickets)
    .where(eq(tickets.id, row?.ticketId ?? 0));
  if (!ticket) throw new Error('no ticket');
  return { row, ticket };
}

describe('HTML-only mail', () => {
  it('opens a ticket with the text of the HTML, and staff can open the sanitised original', async () => {
    const id = nextId('html');
    const html = [
      '<html><head><style>body{font-family:SimSun}</style></head><body>',
      '<p>您好，</p><p>OA 系统登录后白屏，错误代码 <b>OA-500</b>。详情见 <a href="https://oa.client.example/status">状态页</a>。</p>',
      '<img src="https://tracker.example.net/open.gif?u=42" width="1" height="1">',
      '<script>alert(1)</script><p onclick="steal()">谢谢</p></body></html>',
    ].join('');
    const raw = message(
      [
        'From: 赵敏 <zhaomin@client.example>',
        'To: help@support.localhost',
        'Subject: =?UTF-8?B?T0Eg55m75b2V55m95bGP?=',
        `Message-ID: ${id}`,
        'Date: Fri, 04 Dec 2026 09:00:00 +0800',
        'MIME-Version: 1.0',
        'Content-Type: multipart/alternative; boundary="alt"',
      ],
      `--alt\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${html}\r\n--alt--\r\n`,
    );
    await deliver(raw, 'zhaomin@client.example');
    const { row, ticket } = await ticketOf(id);
    expect(ticket.subject).toBe('OA 登录白屏');
    expect(ticket.description).toContain(
      'OA 系统登录后白屏，错误代码 OA-500。详情见 状态页 <https://oa.client.example/status>。',
    );
    expect(ticket.description).toContain('谢谢');
    expect(ticket.description).not.toMatch(/tracker|alert|font-family|邮件无正文|no text/);

    const agent = await buildUser(ctx, { role: 'agent' });
    const response = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/tickets/${ticket.id}/original`,
      headers: agent.headers,
    });
    expect(response.statusCode).toBe(200);
    const original = json<OriginalMailDto>(response);
    expect(original).toMatchObject({ inboundId: row?.id, messageId: id, subject: 'OA 登录白屏' });
    expect(original.from).toContain('zhaomin@client.example');
    expect(original.html).toContain('OA-500');
    expect(original.html).not.toMatch(/<script|onclick|<style/);
    expect(original.text).toContain('OA-500');

    // A requester may not; a ticket without mail and an unknown message say so.
    const requester = await buildUser(ctx);
    const forbidden = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/tickets/${ticket.id}/original`,
      headers: requester.headers,
    });
    expect(forbidden.statusCode).toBe(403);
    const missing = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/tickets/${ticket.id}/messages/999999/original`,
      headers: agent.headers,
    });
    expect(missing.statusCode).toBe(404);
    expect(json<{ error: { code: string } }>(missing).error.code).toBe('channels.original_not_found');
    const bad = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/tickets/${ticket.id}/messages/abc/original`,
      headers: agent.headers,
    });
    expect(bad.statusCode).toBe(400);
  });

  it('gives the original of a reply by its ticket message', async () => {
    const first = nextId('html-first');
    await deliver(
      message(
        [
          'From: reply@client.example',
          'Subject: 打印机卡纸',
          `Message-ID: ${first}`,
          'Content-Type: text/plain; charset=utf-8',
        ],
        '三楼打印机卡纸。',
      ),
      'reply@client.example',
    );
    const { ticket } = await ticketOf(first);
    const second = nextId('html-reply');
    await deliver(
      message(
        [
          'From: reply@client.example',
          `Subject: Re: [#${ticket.number}] 打印机卡纸`,
          `Message-ID: ${second}`,
          `In-Reply-To: ${first}`,
          'Content-Type: text/html; charset=utf-8',
        ],
        '<div>还是卡纸，<i>第二次</i>。</div>',
      ),
      'reply@client.example',
    );
    const [row] = await settled(second);
    expect(row?.ticketId).toBe(ticket.id);
    const [reply] = await db
      .select()
      .from(ticketMessages)
      .where(eq(ticketMessages.id, row?.ticketMessageId ?? 0));
    expect(reply?.body).toBe('还是卡纸，第二次。');
    const agent = await buildUser(ctx, { role: 'agent' });
    const response = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/tickets/${ticket.id}/messages/${reply?.id}/original`,
      headers: agent.headers,
    });
    expect(response.statusCode).toBe(200);
    expect(json<OriginalMailDto>(response).html).toContain('<i>第二次</i>');
  });
});

/** Each kind of automatic mail, as its generator sends it. */
function automaticKinds(): Array<{ kind: string; sender: string; build: (id: string) => Buffer }> {
  const ses = JSON.stringify({
    notificationType: 'Bounce',
    bounce: {
      bounceType: 'Permanent',
      bounceSubType: 'General',
      bouncedRecipients: [{ emailAddress: 'gone@client.example' }],
    },
    mail: { timestamp: '2026-12-04T01:00:00.000Z', source: 'desk@support.localhost', messageId: 'x' },
  });
  const report = (type: string, inner: string) =>
    `--r\r\nContent-Type: text/plain\r\n\r\nThis is an automatically generated report.\r\n--r\r\nContent-Type: ${type}\r\n\r\n${inner}\r\n--r--\r\n`;
  return [
    {
      kind: 'postfix bounce, From MAILER-DAEMON <>',
      sender: 'bounce1@client.example',
      build: (id) =>
        message(
          ['From: MAILER-DAEMON <>', 'Subject: Undelivered Mail Returned to Sender', `Message-ID: ${id}`],
          'I am sorry to have to inform you that your message could not be delivered.',
        ),
    },
    {
      kind: 'DSN multipart/report delivery-status',
      sender: 'dsn@client.example',
      build: (id) =>
        message(
          [
            'From: Mail Service <notices@client.example>',
            'Subject: Returned mail',
            `Message-ID: ${id}`,
            'MIME-Version: 1.0',
            'Content-Type: multipart/report; report-type=delivery-status; boundary="r"',
          ],
          report(
            'message/delivery-status',
            'Reporting-MTA: dns; mx.client.example\r\n\r\nFinal-Recipient: rfc822; gone@client.example\r\nAction: failed\r\nStatus: 5.1.1',
          ),
        ),
    },
    {
      kind: 'read receipt (disposition-notification)',
      sender: 'mdn@client.example',
      build: (id) =>
        message(
          [
            'From: Li Lei <mdn@client.example>',
            'Subject: Read: your request',
            `Message-ID: ${id}`,
            'MIME-Version: 1.0',
            'Content-Type: multipart/report; report-type=disposition-notification; boundary="r"',
          ],
          report(
            'message/disposition-notification',
            'Final-Recipient: rfc822; mdn@client.example\r\nDisposition: manual-action/MDN-sent-manually; displayed',
          ),
        ),
    },
    {
      kind: 'ARF feedback report',
      sender: 'abuse@isp.example',
      build: (id) =>
        message(
          [
            'From: <abuse@isp.example>',
            'Subject: FW: complaint about message from 192.0.2.1',
            `Message-ID: ${id}`,
            'MIME-Version: 1.0',
            'Content-Type: multipart/report; report-type=feedback-report; boundary="r"',
          ],
          report(
            'message/feedback-report',
            'Feedback-Type: abuse\r\nUser-Agent: SomeGenerator/1.0\r\nVersion: 1',
          ),
        ),
    },
    {
      kind: 'delivery-status nested in multipart/mixed',
      sender: 'relay-notices@client.example',
      build: (id) =>
        message(
          [
            'From: relay-notices@client.example',
            'Subject: Notice',
            `Message-ID: ${id}`,
            'MIME-Version: 1.0',
            'Content-Type: multipart/mixed; boundary="r"',
          ],
          report(
            'message/delivery-status',
            'Reporting-MTA: dns; relay\r\n\r\nAction: delayed\r\nStatus: 4.4.1',
          ),
        ),
    },
    {
      kind: 'out of office, Auto-Submitted',
      sender: 'ooo@client.example',
      build: (id) =>
        message(
          [
            'From: ooo@client.example',
            'Subject: Out of Office',
            `Message-ID: ${id}`,
            'Auto-Submitted: auto-replied',
          ],
          'I am away until Monday.',
        ),
    },
    {
      kind: 'Exchange auto-reply, X-Auto-Response-Suppress',
      sender: 'exch@client.example',
      build: (id) =>
        message(
          [
            'From: Wang <exch@client.example>',
            'Subject: Re: your ticket',
            `Message-ID: ${id}`,
            'X-Auto-Response-Suppress: All',
          ],
          'I am on leave.',
        ),
    },
    {
      kind: 'X-Autoreply',
      sender: 'xa@client.example',
      build: (id) =>
        message(
          ['From: xa@client.example', 'Subject: Re: hello', `Message-ID: ${id}`, 'X-Autoreply: yes'],
          'Away.',
        ),
    },
    {
      kind: 'X-Autorespond',
      sender: 'xr@client.example',
      build: (id) =>
        message(
          ['From: xr@client.example', 'Subject: Re: hello', `Message-ID: ${id}`, 'X-Autorespond: vacation'],
          'Away.',
        ),
    },
    {
      kind: 'Precedence: junk',
      sender: 'junk@client.example',
      build: (id) =>
        message(
          ['From: junk@client.example', 'Subject: Offer', `Message-ID: ${id}`, 'Precedence: junk'],
          'Buy.',
        ),
    },
    {
      kind: 'Amazon SES bounce by SNS email',
      sender: 'no-reply@sns.amazonaws.com',
      build: (id) =>
        message(
          [
            'From: AWS Notifications <no-reply@sns.amazonaws.com>',
            'Subject: AWS Notification Message',
            `Message-ID: ${id}`,
          ],
          `${ses}\r\n\r\n--\r\nIf you wish to stop receiving notifications from this topic, please click or visit the link below to unsubscribe:\r\nhttps://sns.us-east-1.amazonaws.com/unsubscribe.html\r\n`,
        ),
    },
    {
      kind: 'mailing-list moderation notice',
      sender: 'it-owner@lists.client.example',
      build: (id) =>
        message(
          [
            'From: it-owner@lists.client.example',
            'Subject: Your message to IT awaits moderator approval',
            `Message-ID: ${id}`,
            'List-Id: <it.lists.client.example>',
          ],
          'Your mail to the list is being held until the list moderator can review it.',
        ),
    },
    {
      kind: 'Exchange NDR by subject (Undeliverable:)',
      sender: 'exchange-ndr@client.example',
      build: (id) =>
        message(
          [
            'From: Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@client.example>',
            'Subject: Undeliverable: 报表',
            `Message-ID: ${id}`,
          ],
          'Delivery has failed to these recipients or groups.',
        ),
    },
    {
      kind: 'Chinese bounce by subject (系统退信)',
      sender: 'cn-bounce@client.example',
      build: (id) =>
        message(
          [
            'From: =?GBK?B?z7XNs7ncwO3UsQ==?= <system@mail.client.example>',
            'Subject: =?GBK?B?z7XNs83L0MU=?=',
            `Message-ID: ${id}`,
          ],
          'The mail could not be delivered.',
        ),
    },
    {
      kind: 'Chinese auto-reply by subject (自动回复:)',
      sender: 'cn-ooo@client.example',
      build: (id) =>
        message(
          [
            'From: cn-ooo@client.example',
            'Subject: =?UTF-8?B?6Ieq5Yqo5Zue5aSNOiDmiZPljbDmnLo=?=',
            `Message-ID: ${id}`,
          ],
          '您好，我正在休假。',
        ),
    },
  ];
}

describe('automatic mail', () => {
  it('never opens a ticket nor acknowledges a bounce, report or auto-reply, with or without an envelope', async () => {
    const kinds = automaticKinds();
    const ids: Array<{ kind: string; variant: string; id: string }> = [];
    for (const kind of kinds) {
      // With the null envelope sender their generators use, with an ordinary one, and with none (IMAP).
      const nullEnvelope = nextId('auto');
      await deliver(kind.build(nullEnvelope), '');
      const ordinary = nextId('auto');
      await deliver(kind.build(ordinary), kind.sender);
      const noEnvelope = nextId('auto');
      await storeInbound(db, { mailboxId: imapMailbox, raw: kind.build(noEnvelope), envelopeFrom: null });
      ids.push(
        { kind: kind.kind, variant: '<>', id: nullEnvelope },
        { kind: kind.kind, variant: kind.sender, id: ordinary },
        { kind: kind.kind, variant: 'none', id: noEnvelope },
      );
    }
    // A person's mail after them: once its acknowledgement is out, any for the others would be too.
    const person = nextId('person');
    await deliver(
      message(
        ['From: person@client.example', 'Subject: Wi-Fi drops', `Message-ID: ${person}`],
        'Every hour.',
      ),
      'person@client.example',
    );
    for (const { kind, variant, id } of ids) {
      const [row] = await settled(id);
      expect(row?.status, `${kind} (envelope ${variant}): ${row?.reason}`).toBe('ignored');
      expect(row?.ticketId).toBeNull();
      expect(row?.reason).toBeTruthy();
    }
    const [cnBounce] = await settled(ids.find((i) => i.kind.includes('系统退信'))?.id ?? '');
    expect(cnBounce?.subject).toBe('系统退信');
    await ticketOf(person);
    await eventually(() => catcher.mailsTo('person@client.example')[0], 'acknowledgement of the person');
    for (const kind of kinds) expect(catcher.mailsTo(kind.sender), kind.kind).toEqual([]);
    const reasons = await db
      .select({ reason: inboundEmails.reason })
      .from(inboundEmails)
      .where(eq(inboundEmails.status, 'ignored'));
    expect(reasons.map((r) => r.reason).join('\n')).toMatch(
      /feedback-report[\s\S]*SES notification \(Bounce\)|SES notification \(Bounce\)[\s\S]*feedback-report/,
    );
  });
});

describe('charsets', () => {
  const raw8bit = (id: string, subject: Buffer, from: Buffer, contentType: string | null, body: Buffer) =>
    message(
      [
        Buffer.concat([
          Buffer.from('From: '),
          from,
          Buffer.from(` <old-mailer-${id.slice(1, id.indexOf('.'))}@client.example>`),
        ]),
        'To: help@support.localhost',
        Buffer.concat([Buffer.from('Subject: '), subject]),
        `Message-ID: ${id}`,
        ...(contentType
          ? ['MIME-Version: 1.0', `Content-Type: ${contentType}`, 'Content-Transfer-Encoding: 8bit']
          : []),
      ],
      body,
    );

  it('decodes raw 8-bit Big5, GBK and Latin-1 headers as old mailers send them', async () => {
    const cases = [
      {
        id: nextId('big5'),
        raw: (id: string) =>
          raw8bit(
            id,
            iconv.encode('印表機無法列印', 'big5'),
            iconv.encode('陳大文', 'big5'),
            'text/plain; charset=big5',
            iconv.encode('三樓的印表機無法列印，請協助。', 'big5'),
          ),
        subject: '印表機無法列印',
        name: '陳大文',
        body: '三樓的印表機無法列印，請協助。',
      },
      {
        id: nextId('gbk'),
        raw: (id: string) =>
          raw8bit(
            id,
            iconv.encode('邮箱容量已满', 'gbk'),
            iconv.encode('张伟', 'gbk'),
            'text/plain; charset=gb2312',
            iconv.encode('我的邮箱容量已满，无法收信。', 'gbk'),
          ),
        subject: '邮箱容量已满',
        name: '张伟',
        body: '我的邮箱容量已满，无法收信。',
      },
      {
        id: nextId('gbk-nomime'),
        raw: (id: string) =>
          raw8bit(
            id,
            iconv.encode('网络中断', 'gbk'),
            iconv.encode('李娜', 'gbk'),
            null,
            iconv.encode('财务部网络中断，请尽快处理。', 'gbk'),
          ),
        subject: '网络中断',
        name: '李娜',
        body: '财务部网络中断，请尽快处理。',
      },
      {
        id: nextId('latin1'),
        raw: (id: string) =>
          raw8bit(
            id,
            Buffer.from("Problème d'impression", 'latin1'),
            Buffer.from('José Müller', 'latin1'),
            'text/plain; charset=iso-8859-1',
            Buffer.from("L'imprimante ne répond plus.", 'latin1'),
          ),
        subject: "Problème d'impression",
        name: 'José Müller',
        body: "L'imprimante ne répond plus.",
      },
    ];
    for (const item of cases) await deliver(item.raw(item.id), 'old-mailer@client.example');
    for (const item of cases) {
      const { ticket } = await ticketOf(item.id);
      expect([ticket.subject, ticket.description], item.id).toEqual([item.subject, item.body]);
      const [requester] = await db
        .select({ name: users.name })
        .from(users)
        .where(eq(users.id, ticket.requesterId));
      expect(requester?.name, item.id).toBe(item.name);
    }
  });

  it('falls back to detection when the declared charset does not decode', async () => {
    const cases = [
      {
        id: nextId('utf8-but-gbk'),
        contentType: 'text/plain; charset=utf-8',
        body: iconv.encode('服务器机房空调故障，温度过高。', 'gbk'),
        text: '服务器机房空调故障，温度过高。',
      },
      {
        id: nextId('latin1-but-gbk'),
        contentType: 'text/plain; charset=iso-8859-1',
        body: iconv.encode('会议室投影仪无法连接笔记本电脑，已经尝试重启，仍然不行。', 'gbk'),
        text: '会议室投影仪无法连接笔记本电脑，已经尝试重启，仍然不行。',
      },
      {
        id: nextId('unknown-big5'),
        contentType: 'text/plain; charset=x-chinese-big',
        body: iconv.encode('帳號被鎖定，無法登入。', 'big5'),
        text: '帳號被鎖定，無法登入。',
      },
    ];
    for (const item of cases)
      await deliver(
        message(
          [
            'From: charset@client.example',
            'Subject: charset',
            `Message-ID: ${item.id}`,
            'MIME-Version: 1.0',
            `Content-Type: ${item.contentType}`,
            'Content-Transfer-Encoding: 8bit',
          ],
          item.body,
        ),
        'charset@client.example',
      );
    for (const item of cases) {
      const { ticket } = await ticketOf(item.id);
      expect(ticket.description, item.contentType).toBe(item.text);
    }
  });
});

describe('TNEF', () => {
  it('unpacks winmail.dat into its files; a broken one stays winmail.dat', async () => {
    const good = buildWinmailDat();
    const broken = Buffer.concat([good.subarray(0, 6), tnefAttribute(2, 0x0006800f, Buffer.from('data'), 1)]);
    const mail = (id: string, tnef: Buffer) =>
      message(
        [
          'From: Outlook User <outlook@client.example>',
          'Subject: report attached',
          `Message-ID: ${id}`,
          'MIME-Version: 1.0',
          'Content-Type: multipart/mixed; boundary="_000_"',
        ],
        [
          '--_000_',
          'Content-Type: text/plain; charset="us-ascii"',
          '',
          'See the attached report.',
          '--_000_',
          'Content-Type: application/ms-tnef; name="winmail.dat"',
          'Content-Disposition: attachment; filename="winmail.dat"',
          'Content-Transfer-Encoding: base64',
          '',
          tnef.toString('base64').replace(/.{76}/g, '$&\r\n'),
          '--_000_--',
          '',
        ].join('\r\n'),
      );
    const goodId = nextId('tnef');
    const brokenId = nextId('tnef-broken');
    await deliver(mail(goodId, good), 'outlook@client.example');
    await deliver(mail(brokenId, broken), 'outlook@client.example');
    const names = async (id: string) => {
      const { ticket } = await ticketOf(id);
      const files = await db.select().from(attachments).where(eq(attachments.ticketId, ticket.id));
      return files.map((f) => [f.filename, f.contentType, f.size]).sort();
    };
    expect(await names(goodId)).toEqual([
      ['截图.png', 'image/png', 70],
      ['故障报告.txt', 'text/plain', Buffer.byteLength('打印机 P-12 报错 E-05\r\n')],
    ]);
    expect(await names(brokenId)).toEqual([['winmail.dat', 'application/ms-tnef', broken.length]]);
  });
});

describe('deduplication', () => {
  it('takes a different message that reuses a Message-ID, and ignores a true redelivery', async () => {
    const id = nextId('dedupe');
    const build = (body: string, received?: string) =>
      message(
        [
          ...(received ? [received] : []),
          'From: script@client.example',
          'Subject: nightly backup report',
          `Message-ID: ${id}`,
          'Content-Type: text/plain; charset=utf-8',
        ],
        body,
      );
    const first = await deliver(build('Backup of db-01 failed.'), 'script@client.example');
    const again = await deliver(build('Backup of db-01 failed.'), 'script@client.example');
    const relayed = await deliver(
      build(
        'Backup of db-01 failed.',
        'Received: from relay2.client.example by mx with ESMTP; Fri, 4 Dec 2026 02:00:00 +0000',
      ),
      'script@client.example',
    );
    const other = await deliver(build('Backup of db-02 failed.'), 'script@client.example');
    expect(
      [first.response, again.response, relayed.response, other.response].map((r) =>
        r.replace(/Queued as \d+/, 'Queued as N'),
      ),
    ).toEqual(['250 Queued as N', '250 Already received', '250 Already received', '250 Queued as N']);
    const rows = await settled(id);
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.status === 'processed')).toBe(true);
    expect(new Set(rows.map((r) => r.contentDigest)).size).toBe(2);
    const opened = await db.select().from(tickets).where(eq(tickets.subject, 'nightly backup report'));
    expect(opened.map((t) => t.description).sort()).toEqual([
      'Backup of db-01 failed.',
      'Backup of db-02 failed.',
    ]);
  });
});
