import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { MessageTemplateDto } from '../../../../contracts/notifications.ts';
import { buildTicket, buildUser, type TestUser } from '../../../test/factories.ts';
import { outboxFor, patchTicket, resolveViaApi } from '../../../test/factories-feedback.ts';
import { json, setupTestApp } from '../../../test/harness.ts';

const ctx = await setupTestApp({ PUBLIC_URL: 'http://desk.example' });

async function assignedTicket(agent: TestUser, requester: TestUser) {
  const ticket = await buildTicket(ctx, requester);
  await patchTicket(ctx, agent, ticket, { assigneeId: agent.user.id, status: 'in_progress' });
  return ticket;
}

const editTemplate = (admin: TestUser, event: string, locale: string, payload?: object) =>
  ctx.app.inject({
    method: payload ? 'PUT' : 'DELETE',
    url: `/api/v1/channels/templates/${event}/${locale}`,
    headers: admin.headers,
    ...(payload ? { payload } : {}),
  });

/** Every mail the outbox holds for one address, whatever its kind. */
async function mailsTo(email: string) {
  const result = await ctx.database.db.execute<{ kind: string }>(
    sql`select kind from outbox_emails where to_address = ${email} order by id`,
  );
  return result.rows.map((r) => r.kind);
}

describe('the loop’s mails on the templates page', () => {
  it('lists the resolution report, both survey invitations and the weekly report with their variables', async () => {
    const admin = await buildUser(ctx, { role: 'admin' });
    const response = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/channels/templates',
      headers: admin.headers,
    });
    const items = json<{ items: MessageTemplateDto[] }>(response).items;
    const find = (event: string, locale: string) =>
      items.find((t) => t.event === event && t.locale === locale);
    for (const event of ['resolution.report', 'csat.invitation', 'nps.invitation', 'reports.weekly']) {
      for (const locale of ['zh-CN', 'en']) expect(find(event, locale)?.custom).toBe(false);
    }
    const report = find('resolution.report', 'zh-CN');
    expect(report?.variables).toEqual(
      expect.arrayContaining([
        'resolution.rootCause',
        'resolution.actions',
        'resolution.prevention',
        'confirm.url',
        'autoClose.days',
      ]),
    );
    expect(report?.variableDescriptions['resolution.rootCause']).toBe('根本原因');
    expect(find('csat.invitation', 'en')?.variableDescriptions['survey.expires']).toBe(
      'Date the link expires',
    );
    expect(find('nps.invitation', 'en')?.variables).toContain('nps.question');
    expect(find('reports.weekly', 'en')?.variables).toContain('report.summary');
  });

  it('an administrator’s edit of the resolution report changes the mail, values still escaped', async () => {
    const admin = await buildUser(ctx, { role: 'admin' });
    const agent = await buildUser(ctx, { role: 'agent' });
    const requester = await buildUser(ctx, { role: 'requester', locale: 'en' });
    const ticket = await assignedTicket(agent, requester);
    const saved = await editTemplate(admin, 'resolution.report', 'en', {
      subject: 'Fixed: #{{ticket.number}}',
      body: 'Hi {{requester.name}}\n\nWhy: {{resolution.rootCause}}\n\nConfirm within {{autoClose.days}} days: {{confirm.url}}',
    });
    expect(saved.statusCode).toBe(204);
    await resolveViaApi(ctx, agent, ticket, {
      rootCause: '<img src=x onerror=alert(1)> expired certificate',
    });
    await editTemplate(admin, 'resolution.report', 'en');

    const [mail] = await outboxFor(ctx, 'resolution.report', requester.user.email);
    expect(mail?.subject).toBe(`Fixed: #${ticket.number}`);
    expect(mail?.text_body).toContain('Why: <img src=x onerror=alert(1)> expired certificate');
    expect(mail?.text_body).toContain(
      `Confirm within 7 days: http://desk.example/portal/tickets/${ticket.id}`,
    );
    expect(mail?.text_body).not.toContain('Solution:');
    expect(mail?.html_body).toContain('Why: &lt;img src=x onerror=alert(1)&gt; expired certificate');
    expect(mail?.html_body).not.toContain('<img');
    expect(mail?.html_body).toContain(`<a href="http://desk.example/portal/tickets/${ticket.id}">`);
  });

  it('an edited CSAT invitation and NPS invitation are the mails sent', async () => {
    const admin = await buildUser(ctx, { role: 'admin' });
    const agent = await buildUser(ctx, { role: 'agent' });
    const quality = await buildUser(ctx, { role: 'quality' });
    const requester = await buildUser(ctx, { role: 'requester', locale: 'zh-CN' });
    await editTemplate(admin, 'csat.invitation', 'zh-CN', {
      subject: '请评价工单 #{{ticket.number}}',
      body: '评价：{{survey.url}}（{{survey.expires}} 前有效）',
    });
    await editTemplate(admin, 'nps.invitation', 'zh-CN', {
      subject: 'NPS：{{campaign.name}}',
      body: '{{requester.name}}：{{nps.question}} {{survey.url}}',
    });
    const ticket = await assignedTicket(agent, requester);
    await resolveViaApi(ctx, agent, ticket);
    await patchTicket(ctx, agent, ticket, { status: 'closed' });
    const campaign = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/surveys/nps/campaigns',
      headers: quality.headers,
      payload: { name: '年度回访', question: '您会推荐我们吗？', userIds: [requester.user.id] },
    });
    expect(campaign.statusCode).toBe(201);
    await editTemplate(admin, 'csat.invitation', 'zh-CN');
    await editTemplate(admin, 'nps.invitation', 'zh-CN');

    const [csat] = await outboxFor(ctx, 'csat.survey', requester.user.email);
    expect(csat?.subject).toBe(`请评价工单 #${ticket.number}`);
    expect(csat?.text_body).toMatch(/^评价：http:\/\/desk\.example\/survey\/\S+（.+ 前有效）$/);
    const [nps] = await outboxFor(ctx, 'nps.survey', requester.user.email);
    expect(nps?.subject).toBe('NPS：年度回访');
    expect(nps?.text_body).toMatch(
      new RegExp(`^${requester.user.name}：您会推荐我们吗？ http://desk\\.example/survey/nps/\\S+$`),
    );
  });
});

describe('one mail for each step of the loop', () => {
  it('resolving mails only the resolution report; closing mails only the survey', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const requester = await buildUser(ctx, { role: 'requester' });
    const ticket = await assignedTicket(agent, requester);
    const before = (await mailsTo(requester.user.email)).length;

    await resolveViaApi(ctx, agent, ticket);
    expect((await mailsTo(requester.user.email)).slice(before)).toEqual(['resolution.report']);
    await patchTicket(ctx, agent, ticket, { status: 'closed' });
    expect((await mailsTo(requester.user.email)).slice(before)).toEqual(['resolution.report', 'csat.survey']);

    // The in-app notices still tell the requester of both changes.
    const bell = await ctx.database.db.execute<{ event: string }>(
      sql`select event from notifications where user_id = ${requester.user.id} and ticket_id = ${ticket.id}
           and event = 'ticket.status_changed' order by id`,
    );
    expect(bell.rows.length).toBeGreaterThanOrEqual(2);
  });

  it('a plain status change to resolved still sends the status mail', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const requester = await buildUser(ctx, { role: 'requester' });
    const ticket = await assignedTicket(agent, requester);
    const before = (await mailsTo(requester.user.email)).length;

    await patchTicket(ctx, agent, ticket, { status: 'resolved' });
    await patchTicket(ctx, agent, ticket, { status: 'open' });
    await resolveViaApi(ctx, agent, ticket);
    await patchTicket(ctx, agent, ticket, { status: 'closed' });
    expect((await mailsTo(requester.user.email)).slice(before)).toEqual([
      'ticket.status_changed',
      'ticket.status_changed',
      'resolution.report',
      'csat.survey',
    ]);
  });
});
