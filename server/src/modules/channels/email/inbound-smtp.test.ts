import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { eventually, startInboundDesk } from '../../../../test/factories-channels.ts';
import { attachments, inboundEmails, ticketMessages, tickets } from '../../../db/schema.ts';

const { catcher, transport, db } = await startInboundDesk({ catcher: 4330, listener: 4340 });

let serial = 0;
function rawMail(options: {
  from: string;
  subject: string;
  body: string;
  headers?: string[];
  messageId?: string;
}) {
  serial += 1;
  const id = options.messageId ?? `<m${serial}.${Date.now()}@client.example>`;
  const raw = [
    `From: ${options.from}`,
    'To: help@support.localhost',
    `Subject: ${options.subject}`,
    `Message-ID: ${id}`,
    'Date: Sun, 22 Nov 2026 10:00:00 +0800',
    'MIME-Version: 1.0',
    ...(options.headers ?? []),
    ...(options.headers?.some((h) => h.toLowerCase().startsWith('content-type'))
      ? []
      : ['Content-Type: text/plain; charset=utf-8']),
    '',
    options.body,
  ].join('\r\n');
  return { id, raw };
}

async function deliver(
  raw: string | Buffer,
  from = 'sender@client.example',
  to = ['help@support.localhost'],
) {
  return transport.sendMail({ envelope: { from, to }, raw });
}

async function settled(messageId: string) {
  return eventually(async () => {
    const rows = await db.select().from(inboundEmails).where(eq(inboundEmails.messageId, messageId));
    return rows[0] && rows[0].status !== 'received' ? rows[0] : null;
  }, `processing of ${messageId}`);
}

describe('inbound mail over SMTP', () => {
  it('opens a ticket for a new sender, acknowledges it in the same thread, and threads every kind of reply', async () => {
    const first = rawMail({
      from: '王小明 <xiaoming@client.example>',
      subject: '财务系统无法导出报表',
      body: '导出时报错 FIN-4012。',
    });
    const info = await deliver(first.raw, 'xiaoming@client.example');
    expect(info.response).toMatch(/^250 Queued as \d+/);
    const row = await settled(first.id);
    expect(row.status).toBe('processed');
    const [ticket] = await db
      .select()
      .from(tickets)
      .where(eq(tickets.id, row.ticketId ?? 0));
    expect(ticket).toMatchObject({
      channel: 'email',
      subject: '财务系统无法导出报表',
      description: '导出时报错 FIN-4012。',
    });

    const ack = await eventually(() => catcher.mailsTo('xiaoming@client.example')[0], 'acknowledgement');
    expect(ack.parsed.subject).toContain(`[#${ticket?.number}]`);
    expect(ack.parsed.inReplyTo).toBe(first.id);

    // 1. by the desk's own Message-ID
    const byOwnId = rawMail({
      from: 'xiaoming@client.example',
      subject: 'Re: 您的请求已受理',
      body: '补充：是 Excel 导出。\n\n在 2026年11月22日，IT Desk 写道：\n> 我们已收到您的请求',
      headers: [`In-Reply-To: ${ack.parsed.messageId}`],
    });
    await deliver(byOwnId.raw, 'xiaoming@client.example');
    // 2. by References to the first mail only (a client that dropped In-Reply-To)
    const byReferences = rawMail({
      from: 'xiaoming@client.example',
      subject: 'more',
      body: 'Screenshot attached later.',
      headers: [`References: <unrelated@elsewhere.example> ${first.id}`],
    });
    await deliver(byReferences.raw, 'xiaoming@client.example');
    // 3. by the [#number] tag alone
    const byTag = rawMail({
      from: 'xiaoming@client.example',
      subject: `Re: [#${ticket?.number}] update`,
      body: 'It works now.',
    });
    await deliver(byTag.raw, 'xiaoming@client.example');

    for (const reply of [byOwnId, byReferences, byTag]) {
      const settledRow = await settled(reply.id);
      expect(settledRow).toMatchObject({ status: 'processed', ticketId: ticket?.id });
      expect(settledRow.ticketMessageId).not.toBeNull();
    }
    const messages = await db
      .select()
      .from(ticketMessages)
      .where(eq(ticketMessages.ticketId, ticket?.id ?? 0));
    expect(messages.map((m) => m.body)).toEqual([
      '补充：是 Excel 导出。',
      'Screenshot attached later.',
      'It works now.',
    ]);
    expect(messages.every((m) => m.channel === 'email' && !m.internal)).toBe(true);
    const folded = await settled(byOwnId.id);
    expect(folded.quotedText).toContain('> 我们已收到您的请求');
  });

  it('ingests a message delivered twice exactly once', async () => {
    const mail = rawMail({ from: 'twice@client.example', subject: 'VPN down', body: 'Cannot connect.' });
    const one = await deliver(mail.raw, 'twice@client.example');
    const two = await deliver(mail.raw, 'twice@client.example');
    expect(one.response).toMatch(/Queued as/);
    expect(two.response).toMatch(/Already received/);
    await settled(mail.id);
    const rows = await db.select().from(inboundEmails).where(eq(inboundEmails.messageId, mail.id));
    expect(rows).toHaveLength(1);
    const opened = await db.select().from(tickets).where(eq(tickets.subject, 'VPN down'));
    expect(opened).toHaveLength(1);
  });

  it('never opens tickets for auto-replies, bounces, loops or bulk mail', async () => {
    const automatic = [
      rawMail({
        from: 'ooo@client.example',
        subject: 'Out of office',
        body: 'away',
        headers: ['Auto-Submitted: auto-replied'],
      }),
      rawMail({
        from: 'MAILER-DAEMON@client.example',
        subject: 'Undelivered Mail',
        body: '--b\r\nContent-Type: text/plain\r\n\r\nfailed\r\n--b--',
        headers: ['Content-Type: multipart/report; report-type=delivery-status; boundary="b"'],
      }),
      rawMail({
        from: 'list@client.example',
        subject: 'Newsletter',
        body: 'news',
        headers: ['Precedence: bulk'],
      }),
      rawMail({
        from: 'loop@client.example',
        subject: 'Loop',
        body: 'x',
        headers: ['X-Loop: desk@support.localhost'],
      }),
      rawMail({ from: 'IT Desk <desk@support.localhost>', subject: 'Our own', body: 'x' }),
      rawMail({
        from: 'x@client.example',
        subject: 'Own id',
        body: 'x',
        messageId: '<sd.5.abcdef0123456789@support.localhost>',
      }),
    ];
    for (const mail of automatic) await deliver(mail.raw);
    for (const mail of automatic) {
      const row = await settled(mail.id);
      expect(row.status, mail.raw.slice(0, 80)).toBe('ignored');
      expect(row.ticketId).toBeNull();
      expect(row.reason).toBeTruthy();
    }
  });

  it('refuses to relay mail for other domains', async () => {
    const mail = rawMail({ from: 'a@client.example', subject: 'relay', body: 'x' });
    await expect(deliver(mail.raw, 'a@client.example', ['someone@other.example'])).rejects.toThrow(/550/);
  });

  it('sanitises HTML, keeps attachments and inline images, and decodes GBK', async () => {
    const gbkBody = Buffer.from('tefE1LK7xNy08tOh', 'base64'); // GBK: 电脑不能打印
    const gbkSubject = '=?GBK?B?tPLTobv6ucrVzw==?='; // 打印机故障
    const html = '<p>See <b>screen</b><script>alert(1)</script><img src="cid:shot1" onerror="x()"></p>';
    const boundary = 'outer';
    const related = 'rel';
    const raw = Buffer.concat([
      Buffer.from(
        [
          'From: 李雷 <lilei@client.example>',
          'To: help@support.localhost',
          `Subject: ${gbkSubject}`,
          'Message-ID: <gbk.1@client.example>',
          'MIME-Version: 1.0',
          `Content-Type: multipart/mixed; boundary="${boundary}"`,
          '',
          `--${boundary}`,
          `Content-Type: multipart/related; boundary="${related}"`,
          '',
          `--${related}`,
          'Content-Type: multipart/alternative; boundary="alt"',
          '',
          '--alt',
          'Content-Type: text/plain; charset=GBK',
          'Content-Transfer-Encoding: base64',
          '',
          gbkBody.toString('base64'),
          '--alt',
          'Content-Type: text/html; charset=utf-8',
          '',
          html,
          '--alt--',
          `--${related}`,
          'Content-Type: image/png',
          'Content-ID: <shot1>',
          'Content-Disposition: inline; filename="shot.png"',
          'Content-Transfer-Encoding: base64',
          '',
          'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
          `--${related}--`,
          `--${boundary}`,
          'Content-Type: text/plain; name="log.txt"',
          'Content-Disposition: attachment; filename="log.txt"',
          '',
          'error log line',
          `--${boundary}--`,
          '',
        ].join('\r\n'),
      ),
    ]);
    await deliver(raw, 'lilei@client.example');
    const row = await settled('<gbk.1@client.example>');
    expect(row.status).toBe('processed');
    const [ticket] = await db
      .select()
      .from(tickets)
      .where(eq(tickets.id, row.ticketId ?? 0));
    expect(ticket?.subject).toBe('打印机故障');
    expect(ticket?.description).toBe('电脑不能打印');
    const files = await db
      .select()
      .from(attachments)
      .where(eq(attachments.ticketId, row.ticketId ?? 0));
    expect(files.map((f) => f.filename).sort()).toEqual(['log.txt', 'shot.png']);
    const shot = files.find((f) => f.filename === 'shot.png');
    expect(row.htmlSanitized).not.toContain('script');
    expect(row.htmlSanitized).not.toContain('onerror');
    expect(row.htmlSanitized).toContain(`/api/v1/tickets/${row.ticketId}/attachments/${shot?.id}`);
  });
});
