import { type Browser, type BrowserContext, chromium, expect, type Page } from '@playwright/test';
import { adminApi, BASE_URL, createPerson, signIn, test } from './support.ts';

/**
 * Remote assistance (issue 17) in two browser contexts of a Chromium launched with fake media:
 * `--use-fake-device-for-media-stream` makes getDisplayMedia capture a generated picture, and
 * `--use-fake-ui-for-media-stream` / `--auto-select-desktop-capture-source` answer the picker.
 * On loopback, without TURN: host candidates only.
 */
const MEDIA_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--auto-select-desktop-capture-source=Entire screen',
];

let browser: Browser;
test.beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: MEDIA_ARGS,
  });
});
test.afterAll(async () => {
  await browser?.close();
});

async function context(extra: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  const created = await browser.newContext({
    baseURL: BASE_URL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...extra,
  });
  // Keep every captured stream reachable, to check that ending really stops the capture.
  // (Strings, not functions: the e2e code is typed without the DOM library.)
  await created.addInitScript({
    content: `
      window.__captured = [];
      const devices = navigator.mediaDevices;
      if (devices && devices.getDisplayMedia) {
        const original = devices.getDisplayMedia.bind(devices);
        devices.getDisplayMedia = async (options) => {
          const stream = await original(options);
          window.__captured.push(stream);
          return stream;
        };
      }`,
  });
  return created;
}

const videoState = async (page: Page, testId: string) =>
  (await page.evaluate(`(() => {
    const video = document.querySelector('[data-testid="${testId}"]');
    return video ? { width: video.videoWidth, time: video.currentTime, hasStream: video.srcObject !== null } : null;
  })()`)) as { width: number; time: number; hasStream: boolean } | null;

/** Frames arrive: the agent's video has a size and its time moves on. */
async function expectFramesArriving(page: Page): Promise<void> {
  await expect
    .poll(async () => (await videoState(page, 'remote-video'))?.width ?? 0, { timeout: 30_000 })
    .toBeGreaterThan(0);
  const first = (await videoState(page, 'remote-video'))?.time ?? 0;
  await expect
    .poll(async () => (await videoState(page, 'remote-video'))?.time ?? 0, { timeout: 30_000 })
    .toBeGreaterThan(first);
}

/** How many captured tracks are still live in the requester's page. */
const capturesLive = async (page: Page) =>
  Number(
    await page.evaluate(
      `window.__captured.flatMap((stream) => stream.getTracks()).filter((track) => track.readyState === 'live').length`,
    ),
  );

async function invite(agentPage: Page, ticketId: number, reason: string): Promise<void> {
  await agentPage.goto(`/agent/tickets/${ticketId}`);
  await agentPage.getByTestId('remote-invite').click();
  await agentPage.getByTestId('remote-reason').fill(reason);
  await agentPage.getByTestId('remote-invite-send').click();
  await expect(agentPage.getByTestId('remote-viewer').getByTestId('remote-status')).toHaveAttribute(
    'data-status',
    'invited',
  );
}

test('an agent sees the requester’s screen, points, chats; either side ends it and the stream stops', async () => {
  const admin = await adminApi();
  const agent = await createPerson(admin, 'agent', '远程坐席 王工');
  const requester = await createPerson(admin, 'requester', '财务 李敏');
  const created = await admin.post('/api/v1/tickets', {
    data: {
      subject: '报表导出失败，需要远程查看',
      description: '导出时弹出错误 FIN-4012',
      type: 'incident',
      impact: 'medium',
      urgency: 'medium',
      requesterId: requester.id,
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const ticket = (await created.json()) as { id: number };

  const agentContext = await context();
  const requesterContext = await context();
  const agentPage = await agentContext.newPage();
  const requesterPage = await requesterContext.newPage();
  await signIn(agentPage, agent);
  await signIn(requesterPage, requester);

  // 1. The agent invites; the requester finds the invitation on their ticket and consents.
  await invite(agentPage, ticket.id, '请共享屏幕，我看一下导出时的报错');
  await requesterPage.goto(`/portal/tickets/${ticket.id}`);
  await expect(requesterPage.getByTestId('remote-banner')).toContainText('远程坐席 王工');
  await requesterPage.getByTestId('remote-banner-open').click();
  await expect(requesterPage).toHaveURL(/\/portal\/remote\/\d+$/);
  await expect(requesterPage.getByTestId('remote-agent')).toHaveText('远程坐席 王工');
  await expect(requesterPage.getByTestId('remote-reason-text')).toHaveText(
    '请共享屏幕，我看一下导出时的报错',
  );
  await requesterPage.getByTestId('remote-consent').click();
  await expect(requesterPage.getByTestId('remote-preview')).toBeVisible();

  // 2. Frames arrive in the agent's browser, peer to peer.
  await expectFramesArriving(agentPage);
  await expect(agentPage.getByTestId('remote-viewer').getByTestId('remote-status')).toHaveAttribute(
    'data-status',
    'active',
  );

  // 3. The agent points; the requester sees the marker over their own preview.
  await agentPage.getByTestId('remote-video').click({ position: { x: 40, y: 30 } });
  await expect(requesterPage.getByTestId('remote-preview-pointer')).toBeVisible();

  // 4. Chat both ways.
  await agentPage.getByTestId('remote-chat-input').fill('请点击“导出”按钮');
  await agentPage.getByTestId('remote-chat-send').click();
  await expect(
    requesterPage.getByTestId('remote-chat-line').filter({ hasText: '请点击“导出”按钮' }),
  ).toBeVisible();
  await requesterPage.getByTestId('remote-chat-input').fill('好的，已经点了');
  await requesterPage.getByTestId('remote-chat-send').click();
  await expect(agentPage.getByTestId('remote-chat-line').filter({ hasText: '好的，已经点了' })).toBeVisible();

  // 5. The requester pauses and resumes; the agent sees it.
  await requesterPage.getByTestId('remote-pause').click();
  await expect(agentPage.getByTestId('remote-viewer').getByTestId('remote-status')).toHaveAttribute(
    'data-status',
    'paused',
  );
  await requesterPage.getByTestId('remote-pause').click();
  await expect(agentPage.getByTestId('remote-viewer').getByTestId('remote-status')).toHaveAttribute(
    'data-status',
    'active',
  );

  // 6. The agent's page reloads mid-session: the requester's page offers the screen anew and the
  // picture comes back, with the chat so far.
  await agentPage.reload();
  await agentPage.getByTestId('remote-open').click();
  await expectFramesArriving(agentPage);
  await expect(agentPage.getByTestId('remote-chat-line').filter({ hasText: '好的，已经点了' })).toBeVisible();

  // 6b. The requester ends: the capture stops, the agent's picture goes.
  await requesterPage.getByTestId('remote-end').click();
  await expect(requesterPage.getByTestId('remote-closed')).toBeVisible();
  expect(await capturesLive(requesterPage)).toBe(0);
  await expect(agentPage.getByTestId('remote-viewer').getByTestId('remote-status')).toHaveAttribute(
    'data-status',
    'ended',
  );
  await expect(agentPage.getByTestId('remote-video')).toHaveCount(0);

  // 7. A second session, this time with a recording allowed, ended by the agent: the requester's
  // capture stops too, and the agent's browser keeps the recording on the ticket (WebM).
  await invite(agentPage, ticket.id, '再看一次');
  await requesterPage.goto(`/portal/tickets/${ticket.id}`);
  await requesterPage.getByTestId('remote-banner-open').click();
  await requesterPage.getByText('同时允许录制本次屏幕画面').click();
  await requesterPage.getByTestId('remote-consent').click();
  await expectFramesArriving(agentPage);
  expect(await capturesLive(requesterPage)).toBeGreaterThan(0);
  await agentPage.getByTestId('remote-viewer').getByTestId('remote-end').click();
  await agentPage.getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(requesterPage.getByTestId('remote-closed')).toBeVisible();
  await expect.poll(() => capturesLive(requesterPage)).toBe(0);
  await expect(agentPage.getByTestId('remote-video')).toHaveCount(0);
  await expect(agentPage.getByTestId('remote-recording')).toHaveAttribute('data-state', 'saved');
  const files = await admin.get(`/api/v1/tickets/${ticket.id}/attachments`);
  const recordings = (
    (await files.json()) as { items: { filename: string; contentType: string; size: number }[] }
  ).items.filter((file) => file.contentType === 'video/webm');
  expect(recordings).toHaveLength(1);
  expect(recordings[0]?.size).toBeGreaterThan(1000);

  // 8. The timeline records both sessions: invitation, consent, end with its duration.
  const timeline = await admin.get(`/api/v1/tickets/${ticket.id}/timeline`);
  const kinds = ((await timeline.json()) as { items: { kind: string }[] }).items
    .map((event) => event.kind)
    .filter((kind) => kind.startsWith('remote.'));
  expect(kinds).toEqual([
    'remote.invited',
    'remote.consented',
    'remote.paused',
    'remote.resumed',
    'remote.ended',
    'remote.invited',
    'remote.consented',
    'remote.ended',
  ]);
  await agentPage.keyboard.press('Escape');
  await agentPage.reload();
  await agentPage.getByRole('tab', { name: '处理记录' }).click();
  await expect(agentPage.getByText('远程坐席 王工 邀请请求人进行远程协助').first()).toBeVisible();
  await expect(agentPage.getByText('财务 李敏 同意共享屏幕（不录制）').first()).toBeVisible();
  await expect(agentPage.getByText('财务 李敏 同意共享屏幕，并同意录制')).toBeVisible();
  await expect(agentPage.getByText(/财务 李敏 结束了远程协助，共享时长/)).toBeVisible();
  await expect(agentPage.getByText(/远程坐席 王工 结束了远程协助，共享时长/)).toBeVisible();

  // 9. On a phone: the page says why it cannot share, and the requester asks for a call-back.
  await invite(agentPage, ticket.id, '手机上试试');
  const phoneContext = await context({
    userAgent:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
    viewport: { width: 390, height: 844 },
    isMobile: true,
  });
  const phonePage = await phoneContext.newPage();
  await signIn(phonePage, requester);
  await phonePage.goto(`/portal/tickets/${ticket.id}`);
  await phonePage.getByTestId('remote-banner-open').click();
  await expect(phonePage.getByTestId('remote-mobile')).toBeVisible();
  await expect(phonePage.getByTestId('remote-consent')).toHaveCount(0);
  await phonePage.getByTestId('remote-callback-phone').fill('13800000000');
  await phonePage.getByTestId('remote-callback').click();
  await expect(phonePage.getByTestId('remote-closed')).toBeVisible();
  await expect(agentPage.getByTestId('remote-viewer').getByTestId('remote-status')).toHaveAttribute(
    'data-status',
    'declined',
  );

  const callbacks = await admin.get('/api/v1/channels/phone/callbacks?assignee=all');
  const scheduled = ((await callbacks.json()) as { items: { ticketId: number; phone: string }[] }).items;
  expect(scheduled).toContainEqual(expect.objectContaining({ ticketId: ticket.id, phone: '13800000000' }));

  await phoneContext.close();
  await agentContext.close();
  await requesterContext.close();
  await admin.dispose();
});
