/**
 * Issue 15 journeys (items 3 and 4), in Chinese and in English: a requester finds the
 * resolved ticket waiting for them at the top of the portal and says it is not fixed; the
 * agent reads the reason in the conversation, in the notification and as sentences in the
 * timeline (never a raw event key); a closed ticket offers none of the actions of an open
 * one; the side panel starts with the SLA card and the next step, its other parts folded.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type APIRequestContext, type Browser, expect, type Page, request } from '@playwright/test';
import { adminApi, BASE_URL, createPerson, openSection, type Person, signIn, test } from './support.ts';

type Locale = 'zh-CN' | 'en';

const SHOTS = path.resolve(import.meta.dirname, '../.tmp/screens');
mkdirSync(SHOTS, { recursive: true });

const WORDS = {
  'zh-CN': {
    waiting: '待您确认',
    reason: '打印还是失败，提示 0x0000011b。',
    reopened: '工单已重新打开，并已通知处理人。',
    saysNotFixed: '反馈问题未解决',
    timelineTab: '处理记录',
    reopenedSentence: '重新打开了工单',
    resolvedSentence: '解决了工单',
  },
  en: {
    waiting: 'Waiting for you',
    reason: 'Printing still fails with 0x0000011b.',
    reopened: 'The ticket is reopened and the agent has been told.',
    saysNotFixed: 'says it is not fixed',
    timelineTab: 'Timeline',
    reopenedSentence: 'reopened the ticket',
    resolvedSentence: 'resolved the ticket',
  },
} as const;

/** Codes that must never reach a reader: audit kinds and field names. */
const RAW =
  /resolution\.(rejected|recorded|confirmed)|reopenCount|ticket\.updated|message\.created|[a-z]+_[a-z]+\b/;

async function apiAs(person: Person): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL: BASE_URL });
  expect((await api.post('/api/v1/auth/login', { data: person })).status()).toBe(200);
  return api;
}

async function open(browser: Browser, person: Person, locale: Locale): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 1440, height: 900 } });
  await context.addInitScript((value) => localStorage.setItem('servicedesk.locale', value), locale);
  const page = await context.newPage();
  await signIn(page, person);
  return page;
}

for (const locale of ['zh-CN', 'en'] as const) {
  test(`the requester's "not fixed" reaches the agent as words, not codes (${locale})`, async ({
    browser,
  }) => {
    const w = WORDS[locale];
    const admin = await adminApi();
    const requester = await createPerson(admin, 'requester', locale === 'en' ? 'Chen Jing' : '陈静', {
      locale,
    });
    const agent = await createPerson(admin, 'agent', locale === 'en' ? 'Li Gong' : '李工', { locale });
    await admin.dispose();
    const asRequester = await apiAs(requester);
    const created = await asRequester.post('/api/v1/tickets', {
      data: {
        subject: locale === 'en' ? 'Printer on floor 3 does not print' : '三楼打印机无法打印',
        description: locale === 'en' ? 'Error 0x0000011b when printing' : '打印时提示 0x0000011b',
        type: 'incident',
        impact: 'low',
        urgency: 'medium',
      },
    });
    expect(created.status()).toBe(201);
    const ticket = (await created.json()) as { id: number; number: number };
    const asAgent = await apiAs(agent);
    expect(
      (
        await asAgent.patch(`/api/v1/tickets/${ticket.id}`, {
          data: { assigneeId: agent.id, status: 'in_progress' },
        })
      ).status(),
    ).toBe(200);
    const resolved = await asAgent.post(`/api/v1/tickets/${ticket.id}/resolve`, {
      data: {
        resolutionCode: 'configuration',
        rootCause:
          locale === 'en'
            ? 'A Windows update changed the print spooler.'
            : 'Windows 更新修改了打印后台程序。',
        actions: locale === 'en' ? 'Set the registry key back.' : '恢复了注册表项。',
        prevention: locale === 'en' ? 'Test updates on one PC first.' : '先在一台电脑上测试更新。',
      },
    });
    expect(resolved.status(), await resolved.text()).toBe(200);

    // The portal's home: the resolved ticket waits for the requester at the top.
    const portal = await open(browser, requester, locale);
    const waiting = portal.getByTestId('waiting-for-you');
    await expect(waiting).toContainText(w.waiting);
    await expect(waiting).toContainText(`#${ticket.number}`);
    await portal.screenshot({ path: path.join(SHOTS, `portal-waiting-${locale}.png`) });
    await waiting
      .getByTestId('waiting-ticket')
      .filter({ hasText: `#${ticket.number}` })
      .getByRole('link')
      .click();
    await portal.getByTestId('confirm-not-fixed').click();
    await expect(portal.getByTestId('confirm-not-fixed')).toBeDisabled();
    await portal.getByTestId('confirm-comment').fill(w.reason);
    await portal.getByTestId('confirm-not-fixed').click();
    await expect(portal.getByText(w.reopened)).toBeVisible();
    // The reason is part of the conversation the requester sees too.
    await expect(portal.getByTestId('message-list')).toContainText(w.reason);

    // The agent: the notification carries the reason; the conversation shows it as the requester's message.
    const desk = await open(browser, agent, locale);
    await desk.goto(`/agent/tickets/${ticket.id}`);
    await desk.getByTestId('notification-bell').click();
    const notice = desk
      .getByTestId('notification-item')
      .filter({ hasText: `#${ticket.number}` })
      .first();
    await expect(notice).toContainText(w.reason);
    await desk.keyboard.press('Escape');
    await expect(desk.getByTestId('message-list')).toContainText(w.reason);

    // The timeline reads as sentences in the reader's language.
    await desk.getByRole('tab', { name: w.timelineTab }).click();
    const timeline = desk.getByTestId('ticket-timeline');
    await expect(timeline).toContainText(w.saysNotFixed);
    await expect(timeline).toContainText(w.reopenedSentence);
    await expect(timeline).toContainText(w.resolvedSentence);
    await expect(timeline).toContainText(w.reason);
    const text = ((await timeline.textContent()) ?? '')
      .replaceAll(agent.email, '')
      .replaceAll(requester.email, '');
    expect(text).not.toMatch(RAW);
    if (locale === 'en') expect(text).not.toMatch(/[\u4e00-\u9fff]/);
    await desk.screenshot({ path: path.join(SHOTS, `timeline-${locale}.png`), fullPage: true });
    await asRequester.dispose();
    await asAgent.dispose();
  });

  test(`the ticket page offers what the status allows, the side panel starts with the next step (${locale})`, async ({
    browser,
  }) => {
    const admin = await adminApi();
    const requester = await createPerson(admin, 'requester', 'Wang Fang', { locale });
    const lead = await createPerson(admin, 'lead', locale === 'en' ? 'Zhou Lead' : '周组长', { locale });
    await admin.dispose();
    const asRequester = await apiAs(requester);
    const ticket = (await (
      await asRequester.post('/api/v1/tickets', {
        data: {
          subject: locale === 'en' ? 'Mail does not sync on my phone' : '手机邮箱无法同步',
          description: locale === 'en' ? 'Since this morning, error 0x80' : '从早上开始提示错误 0x80',
          type: 'incident',
          impact: 'low',
          urgency: 'medium',
        },
      })
    ).json()) as { id: number; number: number };

    const page = await open(browser, lead, locale);
    await page.goto(`/agent/tickets/${ticket.id}`);
    const next = page.getByTestId('next-action');
    await expect(next.getByTestId('escalate-button')).toBeVisible();
    await expect(next.getByTestId('vendor-handoff')).toBeVisible();
    await expect(next.getByTestId('declare-major-incident')).toBeVisible();
    // The SLA card first, the next step second; the rest folded into sections.
    const sla = await page.getByTestId('ticket-sla').boundingBox();
    const nextBox = await next.boundingBox();
    expect(sla && nextBox && sla.y < nextBox.y).toBe(true);
    await expect(page.getByTestId('section-knowledge')).toBeVisible();
    await expect(page.getByTestId('similar-tickets')).toHaveCount(0);
    const panelHeight = await page.getByTestId('side-sections').evaluate((el) => {
      const column = el.parentElement;
      return column ? column.getBoundingClientRect().height : 0;
    });
    console.log(`side panel height (${locale}): ${Math.round(panelHeight)} px`);
    await page.screenshot({ path: path.join(SHOTS, `ticket-page-${locale}.png`), fullPage: true });
    await openSection(page, 'knowledge');
    await expect(page.getByTestId('similar-tickets')).toBeVisible();

    // Resolved, then closed: nothing of an open ticket's work is offered any more.
    const asLead = await apiAs(lead);
    for (const status of ['resolved', 'closed']) {
      expect((await asLead.patch(`/api/v1/tickets/${ticket.id}`, { data: { status } })).status()).toBe(200);
    }
    await page.reload();
    await expect(next.getByTestId('next-action-hint')).toBeVisible();
    await expect(page.getByTestId('escalate-button')).toHaveCount(0);
    await expect(page.getByTestId('vendor-handoff')).toHaveCount(0);
    await expect(page.getByTestId('declare-major-incident')).toHaveCount(0);
    await expect(page.getByTestId('progress-update-button')).toHaveCount(0);
    await expect(page.getByTestId('status-select')).toHaveClass(/disabled/);
    await page.screenshot({ path: path.join(SHOTS, `ticket-closed-${locale}.png`) });
    await asLead.dispose();
    await asRequester.dispose();
  });
}

for (const locale of ['zh-CN', 'en'] as const) {
  test(`an ordinary ticket gets a plain progress update in the requester's language (${locale})`, async ({
    browser,
  }) => {
    const other: Locale = locale === 'en' ? 'zh-CN' : 'en';
    const admin = await adminApi();
    const requester = await createPerson(admin, 'requester', 'Zhao Liu', { locale });
    // The agent works in the other language: the requester still reads their own.
    const agent = await createPerson(admin, 'agent', 'Qian Qi', { locale: other });
    await admin.dispose();
    const asRequester = await apiAs(requester);
    const ticket = (await (
      await asRequester.post('/api/v1/tickets', {
        data: {
          subject: 'Laptop slow',
          description: 'Since Monday',
          type: 'incident',
          impact: 'low',
          urgency: 'low',
        },
      })
    ).json()) as { id: number; number: number };
    await asRequester.dispose();

    const desk = await open(browser, agent, other);
    await desk.goto(`/agent/tickets/${ticket.id}`);
    await desk.getByTestId('progress-update-button').click();
    // An ordinary ticket starts on the plain update: no impact, no recovery time asked.
    await expect(desk.getByTestId('progress-text')).toBeVisible();
    await expect(desk.getByTestId('progress-impact')).toHaveCount(0);
    await desk.screenshot({ path: path.join(SHOTS, `progress-dialog-${other}.png`) });
    await desk.getByTestId('progress-text').fill('New memory arrives tomorrow / 内存条明天到货');
    await desk.getByTestId('progress-submit').click();
    const expected = locale === 'en' ? 'Progress update' : '【进展更新】';
    await expect(desk.getByTestId('message-list')).toContainText(expected);
    await expect(desk.getByTestId('message-list')).not.toContainText(locale === 'en' ? '影响范围' : 'Impact');

    const portal = await open(browser, requester, locale);
    await portal.goto(`/portal/tickets/${ticket.id}`);
    await expect(portal.getByTestId('message-list')).toContainText(expected);
    await expect(portal.getByTestId('message-list')).toContainText('New memory arrives tomorrow');
  });
}

for (const locale of ['zh-CN', 'en'] as const) {
  test(`a resolved ticket becomes a draft article from its resolution report, without personal data (${locale})`, async ({
    browser,
  }) => {
    const admin = await adminApi();
    const requester = await createPerson(admin, 'requester', 'Sun Li', { locale });
    const agent = await createPerson(admin, 'agent', 'Zheng Hao', { locale });
    await admin.dispose();
    const asRequester = await apiAs(requester);
    const zh = locale === 'zh-CN';
    const ticket = (await (
      await asRequester.post('/api/v1/tickets', {
        data: {
          subject: zh ? '会议室投影仪没有信号' : 'No signal on the meeting room projector',
          description: zh
            ? 'Sun Li：HDMI 接上后没有信号，电话 13912345678'
            : 'Sun Li: no signal over HDMI, call 13912345678',
          type: 'incident',
          impact: 'low',
          urgency: 'medium',
          category: zh ? '硬件/投影仪' : 'Hardware/Projector',
        },
      })
    ).json()) as { id: number; number: number };
    await asRequester.dispose();
    const asAgent = await apiAs(agent);
    const resolved = await asAgent.post(`/api/v1/tickets/${ticket.id}/resolve`, {
      data: {
        resolutionCode: 'configuration',
        rootCause: zh ? '投影仪输入源被设为 VGA。' : 'The input source was set to VGA.',
        actions: zh ? 'Zheng Hao 把输入源切换为 HDMI 1。' : 'Zheng Hao switched the input to HDMI 1.',
        prevention: zh ? '在遥控器上贴输入切换说明。' : 'Label the remote with the input button.',
      },
    });
    expect(resolved.status(), await resolved.text()).toBe(200);
    await asAgent.dispose();

    const page = await open(browser, agent, locale);
    await page.goto(`/agent/tickets/${ticket.id}`);
    await page.getByTestId('capture-article').click();
    await expect(page.getByTestId('kb-from-ticket')).toBeVisible();
    await expect(page.getByTestId('kb-cause')).toHaveValue(
      zh ? '投影仪输入源被设为 VGA。' : 'The input source was set to VGA.',
    );
    await expect(page.getByTestId('kb-prevention')).toHaveValue(/HDMI|遥控器|remote/);
    await expect(page.getByTestId('kb-solution')).toHaveValue(
      zh ? '服务台 把输入源切换为 HDMI 1。' : /switched the input to HDMI 1/,
    );
    const sections = await Promise.all(
      ['kb-title', 'kb-problem', 'kb-cause', 'kb-solution', 'kb-prevention'].map((id) =>
        page.getByTestId(id).inputValue(),
      ),
    );
    expect(sections.join('\n')).not.toMatch(/Sun Li|Zheng Hao|13912345678/);
    await expect(page.getByTestId('kb-editor').locator('input#category')).toHaveValue(
      zh ? '硬件/投影仪' : 'Hardware/Projector',
    );
    await page.screenshot({ path: path.join(SHOTS, `capture-${locale}.png`), fullPage: true });
  });
}
