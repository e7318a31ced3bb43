/**
 * Issue 11 journey (monitoring alerts, IN-5): an administrator creates an Alertmanager alert
 * source and copies its ingest URL and token (shown once); Alertmanager's webhook posts a
 * firing alert with that token; an agent opens the incident and sees the alert's labels,
 * annotations, links and occurrences, which count a repeat. Uses the shared server.
 */
import { expect } from '@playwright/test';
import { ADMIN, adminApi, BASE_URL, createPerson, signIn, test } from './support.ts';

test.use({ locale: 'zh-CN' });
test.setTimeout(180_000);

function alertmanagerMessage(fingerprint: string) {
  return {
    receiver: 'servicedesk',
    status: 'firing',
    alerts: [
      {
        status: 'firing',
        labels: { alertname: 'DiskFull', instance: 'fs-e2e:9100', severity: 'critical', mountpoint: '/data' },
        annotations: { summary: '磁盘 /data 使用率超过 95%', description: 'Only 2% left on /data.' },
        startsAt: new Date().toISOString(),
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.example:9090/graph?g0.expr=disk',
        fingerprint,
      },
    ],
    groupLabels: { alertname: 'DiskFull' },
    commonLabels: { alertname: 'DiskFull', severity: 'critical' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example:9093',
    version: '4',
    groupKey: '{}:{alertname="DiskFull"}',
    truncatedAlerts: 0,
  };
}

test('an alert source is created, Alertmanager posts, and the agent sees the alert on the incident', async ({
  page,
  browser,
}) => {
  const api = await adminApi();
  const agent = await createPerson(api, 'agent', '值班工程师');

  await signIn(page, { id: 0, name: 'admin', ...ADMIN });
  await page.goto('/admin/alert-sources');
  await page.getByTestId('alert-source-new').click();
  await page.getByTestId('alert-source-name').fill('Prometheus 生产');
  await page.getByRole('button', { name: /确\s*定|OK/ }).click();
  const token = ((await page.getByTestId('alert-source-token').textContent()) ?? '').trim();
  const url = ((await page.getByTestId('alert-source-url').textContent()) ?? '').trim();
  expect(token).toMatch(/^sda_/);
  await expect(page.getByTestId('alert-sources')).toContainText('Prometheus 生产');

  const ingestPath = new URL(url).pathname;
  const fingerprint = `e2e${Date.now().toString(16)}`;
  const refused = await page.request.post(`${BASE_URL}${ingestPath}`, {
    headers: { authorization: 'Bearer sda_wrong' },
    data: alertmanagerMessage(fingerprint),
  });
  expect(refused.status()).toBe(401);
  const fired = await page.request.post(`${BASE_URL}${ingestPath}`, {
    headers: { authorization: `Bearer ${token}` },
    data: alertmanagerMessage(fingerprint),
  });
  expect(fired.status(), await fired.text()).toBe(200);
  const { ticketIds } = (await fired.json()) as { ticketIds: number[] };

  const context = await browser.newContext({ baseURL: BASE_URL, locale: 'zh-CN' });
  const agentPage = await context.newPage();
  await signIn(agentPage, agent);
  await agentPage.goto(`/agent/tickets/${ticketIds[0]}`);
  const panel = agentPage.getByTestId('alert-panel');
  await expect(panel).toContainText('监控告警');
  await expect(panel.getByTestId('alert-status')).toHaveText('告警中');
  await expect(panel.getByTestId('alert-labels')).toContainText('mountpoint=/data');
  await expect(panel.getByTestId('alert-annotations')).toContainText('磁盘 /data 使用率超过 95%');
  await expect(panel.getByTestId('alert-links')).toContainText('来源（规则/图表）');
  await expect(panel.getByTestId('alert-occurrences')).toHaveText('1');

  const repeat = await page.request.post(`${BASE_URL}${ingestPath}`, {
    headers: { authorization: `Bearer ${token}` },
    data: alertmanagerMessage(fingerprint),
  });
  expect(((await repeat.json()) as { opened: number }).opened).toBe(0);
  await agentPage.reload();
  await expect(agentPage.getByTestId('alert-occurrences')).toHaveText('2');
  await context.close();
});
