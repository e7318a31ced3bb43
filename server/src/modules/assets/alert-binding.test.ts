import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { AlertSourceWithToken, IngestResult } from '../../../../contracts/alerts.ts';
import type { AssetDto } from '../../../../contracts/assets.ts';
import type { TicketDto, TimelineEventDto } from '../../../../contracts/tickets.ts';
import { buildUser } from '../../../test/factories.ts';
import { json, setupTestApp } from '../../../test/harness.ts';

/*
 * Monitoring alerts bind to assets (issue 14): the alerts module looks the asset up by the
 * source's asset labels and links the incident it opens. The alerts are posted as
 * Alertmanager's webhook notifier sends them (notify/webhook Message, version 4).
 */

const ctx = await setupTestApp({ PUBLIC_URL: 'http://desk.example' });
const api = (path: string) => `/api/v1${path}`;
const admin = await buildUser(ctx, { role: 'admin' });
const agent = await buildUser(ctx, { role: 'agent' });
const unique = () => Math.random().toString(16).slice(2, 10);

async function createSource(body: Record<string, unknown>): Promise<AlertSourceWithToken> {
  const response = await ctx.app.inject({
    method: 'POST',
    url: api('/alert-sources'),
    headers: admin.headers,
    payload: body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return json<AlertSourceWithToken>(response);
}

async function createAsset(body: Record<string, unknown>): Promise<AssetDto> {
  const response = await ctx.app.inject({
    method: 'POST',
    url: api('/assets'),
    headers: agent.headers,
    payload: body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return json<AssetDto>(response);
}

/** One alert as Alertmanager's webhook notifier sends it (template.Alert). */
function amAlert(fingerprint: string, labels: Record<string, string>) {
  return {
    status: 'firing',
    labels: { alertname: 'DiskFull', job: 'node', severity: 'critical', ...labels },
    annotations: { summary: 'Disk above 95%', description: 'The root file system is 97% full.' },
    startsAt: '2026-12-04T08:00:00.123456789Z',
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus.example:9090/graph?g0.expr=disk&g0.tab=1',
    fingerprint,
  };
}

/** Alertmanager's webhook `Message` (notify/webhook): version 4 with template.Data. */
function amMessage(alerts: ReturnType<typeof amAlert>[]) {
  return {
    receiver: 'servicedesk',
    status: 'firing',
    alerts,
    groupLabels: { alertname: 'DiskFull' },
    commonLabels: { alertname: 'DiskFull', job: 'node', severity: 'critical' },
    commonAnnotations: { summary: 'Disk above 95%' },
    externalURL: 'http://alertmanager.example:9093',
    version: '4',
    groupKey: '{}/{severity="critical"}:{alertname="DiskFull"}',
    truncatedAlerts: 0,
  };
}

async function ingest(source: AlertSourceWithToken, payload: unknown): Promise<IngestResult> {
  const response = await ctx.app.inject({
    method: 'POST',
    url: new URL(source.ingestUrl).pathname,
    headers: { authorization: `Bearer ${source.token}`, 'content-type': 'application/json' },
    payload: JSON.stringify(payload),
  });
  expect(response.statusCode, response.body).toBe(200);
  return json<IngestResult>(response);
}

async function incidentOf(fingerprint: string): Promise<TicketDto> {
  const { rows } = await ctx.database.db.execute<{ ticket_id: number }>(
    sql`select ticket_id from alerts where fingerprint = ${fingerprint}`,
  );
  const ticketId = Number(rows[0]?.ticket_id);
  const response = await ctx.app.inject({
    method: 'GET',
    url: api(`/tickets/${ticketId}`),
    headers: agent.headers,
  });
  expect(response.statusCode, response.body).toBe(200);
  return json<TicketDto>(response);
}

describe('alerts bound to assets', () => {
  it('links the incident to the asset named by instance (host:port), serial or host, in the source order', async () => {
    const source = await createSource({ name: `Prometheus ${unique()}`, kind: 'alertmanager' });
    expect(source.settings.assetLabels).toEqual(['asset', 'asset_serial', 'instance', 'host']);
    const host = `db-prod-${unique()}`;
    const server = await createAsset({ name: host, type: 'server', criticality: 'critical' });
    const serial = `SRV-${unique().toUpperCase()}`;
    const other = await createAsset({ name: `storage ${unique()}`, type: 'server', serialNumber: serial });

    const [byInstance, bySerial, none] = [unique(), unique(), unique()];
    const result = await ingest(
      source,
      amMessage([
        amAlert(byInstance, { instance: `${host.toUpperCase()}:9100` }),
        // The explicit label comes first in the source's order, before `instance`.
        amAlert(bySerial, { instance: `${host}:9100`, asset_serial: serial.toLowerCase() }),
        amAlert(none, { instance: 'unknown-host:9100' }),
      ]),
    );
    expect(result.opened).toBe(3);

    const first = await incidentOf(byInstance);
    expect(first.assets).toEqual([{ id: server.id, name: host, type: 'server', criticality: 'critical' }]);
    expect((await incidentOf(bySerial)).assets?.map((a) => a.id)).toEqual([other.id]);
    expect((await incidentOf(none)).assets).toEqual([]);

    const timeline = await ctx.app.inject({
      method: 'GET',
      url: api(`/tickets/${first.id}/timeline`),
      headers: agent.headers,
    });
    const linked = json<{ items: TimelineEventDto[] }>(timeline).items.find((e) => e.kind === 'asset.linked');
    expect(linked?.actor?.name).toBeTruthy();
    const read = json<AssetDto>(
      await ctx.app.inject({ method: 'GET', url: api(`/assets/${server.id}`), headers: agent.headers }),
    );
    expect(read.tickets.map((t) => t.id)).toEqual([first.id]);
  });

  it('uses only the labels the source names', async () => {
    const source = await createSource({
      name: `Zabbix-like ${unique()}`,
      kind: 'alertmanager',
      assetLabels: ['host'],
    });
    const host = `web-${unique()}`;
    const asset = await createAsset({ name: host, type: 'server' });
    const [viaInstance, viaHost] = [unique(), unique()];
    await ingest(
      source,
      amMessage([amAlert(viaInstance, { instance: `${host}:9100` }), amAlert(viaHost, { host })]),
    );
    expect((await incidentOf(viaInstance)).assets).toEqual([]);
    expect((await incidentOf(viaHost)).assets?.map((a) => a.id)).toEqual([asset.id]);
    const bad = await ctx.app.inject({
      method: 'POST',
      url: api('/alert-sources'),
      headers: admin.headers,
      payload: { name: 'x', kind: 'alertmanager', assetLabels: [''] },
    });
    expect(bad.statusCode).toBe(400);
  });
});
