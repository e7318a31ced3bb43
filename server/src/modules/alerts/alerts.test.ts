import { readFile } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type {
  AlertSourceDto,
  AlertSourceWithToken,
  IngestResult,
  TicketAlertDto,
} from '../../../../contracts/alerts.ts';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import { buildTeam, buildUser } from '../../../test/factories.ts';
import { json, setupTestApp } from '../../../test/harness.ts';
import { ingestPayloads } from './ingest-alerts.ts';
import { resolveHeldAlert } from './resolve-job.ts';

const ctx = await setupTestApp({ PUBLIC_URL: 'http://desk.example' });
const api = (path: string) => `/api/v1${path}`;
const admin = await buildUser(ctx, { role: 'admin' });
const agent = await buildUser(ctx, { role: 'agent' });
const db = ctx.database.db;

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

function post(source: AlertSourceWithToken, payload: unknown, authorization = `Bearer ${source.token}`) {
  return ctx.app.inject({
    method: 'POST',
    url: new URL(source.ingestUrl).pathname,
    headers: { authorization, 'content-type': 'application/json' },
    payload: JSON.stringify(payload),
  });
}

async function ingest(source: AlertSourceWithToken, payload: unknown): Promise<IngestResult> {
  const response = await post(source, payload);
  expect(response.statusCode, response.body).toBe(200);
  return json<IngestResult>(response);
}

async function ticket(id: number): Promise<TicketDto> {
  return json<TicketDto>(
    await ctx.app.inject({ method: 'GET', url: api(`/tickets/${id}`), headers: admin.headers }),
  );
}

async function alertsOf(ticketId: number): Promise<TicketAlertDto[]> {
  const response = await ctx.app.inject({
    method: 'GET',
    url: api(`/tickets/${ticketId}/alerts`),
    headers: agent.headers,
  });
  expect(response.statusCode, response.body).toBe(200);
  return json<{ items: TicketAlertDto[] }>(response).items;
}

async function count(query: ReturnType<typeof sql>): Promise<number> {
  const result = await db.execute<{ n: number }>(query);
  return Number(result.rows[0]?.n ?? 0);
}

/** One alert as Alertmanager's webhook notifier sends it (template.Alert). */
function amAlert(fingerprint: string, status: 'firing' | 'resolved', labels: Record<string, string> = {}) {
  return {
    status,
    labels: {
      alertname: 'HighCPU',
      instance: `db-${fingerprint}:9100`,
      job: 'node',
      severity: 'critical',
      ...labels,
    },
    annotations: {
      summary: 'CPU above 90% for 5 minutes',
      description: 'CPU usage on the database host is 97%.',
    },
    startsAt: '2026-12-04T08:00:00.123456789Z',
    endsAt: status === 'resolved' ? '2026-12-04T08:30:00Z' : '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus.example:9090/graph?g0.expr=cpu&g0.tab=1',
    fingerprint,
  };
}

/** Alertmanager's webhook `Message` (notify/webhook): version 4 with template.Data. */
function amMessage(alerts: ReturnType<typeof amAlert>[]) {
  const firing = alerts.some((a) => a.status === 'firing');
  return {
    receiver: 'servicedesk',
    status: firing ? 'firing' : 'resolved',
    alerts,
    groupLabels: { alertname: 'HighCPU' },
    commonLabels: { alertname: 'HighCPU', job: 'node', severity: 'critical' },
    commonAnnotations: { summary: 'CPU above 90% for 5 minutes' },
    externalURL: 'http://alertmanager.example:9093',
    version: '4',
    groupKey: '{}/{severity="critical"}:{alertname="HighCPU"}',
    truncatedAlerts: 0,
  };
}

const unique = () => Math.random().toString(16).slice(2, 14);

describe('alert sources', () => {
  it('creates a source with an ingest URL and a token shown once, edits keeping what is not named', async () => {
    const source = await createSource({
      name: 'Prometheus 生产',
      kind: 'alertmanager',
      resolveAfterSeconds: 120,
    });
    expect(source.token).toMatch(/^sda_/);
    expect(source.ingestUrl).toBe(`http://desk.example/api/v1/alert-sources/${source.id}/ingest`);
    expect(source.settings).toMatchObject({
      dedupeBy: 'fingerprint',
      resolveAfterSeconds: 120,
      flapWindowSeconds: 3600,
    });

    const patched = await ctx.app.inject({
      method: 'PATCH',
      url: api(`/alert-sources/${source.id}`),
      headers: admin.headers,
      payload: { name: 'Prometheus prod' },
    });
    expect(patched.statusCode).toBe(200);
    const dto = json<AlertSourceDto>(patched);
    expect(dto).toMatchObject({
      name: 'Prometheus prod',
      active: true,
      settings: { resolveAfterSeconds: 120 },
    });
    expect(dto).not.toHaveProperty('token');

    const listed = json<{ items: AlertSourceDto[] }>(
      await ctx.app.inject({ method: 'GET', url: api('/alert-sources'), headers: admin.headers }),
    );
    expect(listed.items.find((s) => s.id === source.id)).not.toHaveProperty('token');
    const forbidden = await ctx.app.inject({
      method: 'GET',
      url: api('/alert-sources'),
      headers: agent.headers,
    });
    expect(forbidden.statusCode).toBe(403);
  });

  it('needs a mapping for a generic source', async () => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: api('/alert-sources'),
      headers: admin.headers,
      payload: { name: 'custom', kind: 'generic' },
    });
    expect(response.statusCode).toBe(400);
    expect(json<{ error: { code: string } }>(response).error.code).toBe('alert_source.mapping_required');
  });

  it('refuses a missing, wrong, rotated-out or deactivated token with 401 and stores nothing', async () => {
    const source = await createSource({ name: 'am', kind: 'alertmanager' });
    const payload = amMessage([amAlert(unique(), 'firing')]);
    const stored = () => count(sql`select count(*)::int as n from alerts where source_id = ${source.id}`);
    const tickets = () => count(sql`select count(*)::int as n from tickets where channel = 'monitoring'`);
    const before = await tickets();
    expect((await post(source, payload, '')).statusCode).toBe(401);
    expect((await post(source, payload, 'Bearer sda_wrong')).statusCode).toBe(401);
    // An API token of a real user is not this source's token either.
    expect((await post(source, payload, admin.headers.authorization)).statusCode).toBe(401);
    const farAway = await ctx.app.inject({
      method: 'POST',
      url: api('/alert-sources/99999999999999999999/ingest'),
      headers: { authorization: `Bearer ${source.token}`, 'content-type': 'application/json' },
      payload: JSON.stringify(payload),
    });
    expect(farAway.statusCode).toBeLessThan(500);
    const rotated = json<AlertSourceWithToken>(
      await ctx.app.inject({
        method: 'POST',
        url: api(`/alert-sources/${source.id}/rotate-token`),
        headers: admin.headers,
      }),
    );
    expect(rotated.token).not.toBe(source.token);
    expect((await post(source, payload)).statusCode).toBe(401);
    expect(await stored()).toBe(0);
    expect(await tickets()).toBe(before);
    expect((await post(rotated, payload)).statusCode).toBe(200);
    expect(await stored()).toBe(1);
    await ctx.app.inject({
      method: 'DELETE',
      url: api(`/alert-sources/${source.id}`),
      headers: admin.headers,
    });
    expect((await post(rotated, amMessage([amAlert(unique(), 'firing')]))).statusCode).toBe(401);
    expect(await stored()).toBe(1);
  });

  it('answers a payload it cannot read with 400 and stores nothing', async () => {
    const source = await createSource({ name: 'am', kind: 'alertmanager' });
    const bad = await post(source, {
      version: '4',
      status: 'firing',
      alerts: [{ status: 'burning', labels: {} }],
    });
    expect(bad.statusCode).toBe(400);
    expect(json<{ error: { code: string; field: string } }>(bad).error).toMatchObject({
      code: 'validation.invalid',
      field: 'alerts.0.status',
    });
    expect(await count(sql`select count(*)::int as n from alerts where source_id = ${source.id}`)).toBe(0);
  });
});

describe('Alertmanager', () => {
  it('opens one incident per alert, folds repeats, resolves verified by monitoring and reopens a flap', async () => {
    const source = await createSource({ name: 'am', kind: 'alertmanager' });
    const [a, b] = [unique(), unique()];
    const first = await ingest(
      source,
      amMessage([amAlert(a, 'firing'), amAlert(b, 'firing', { severity: 'warning' })]),
    );
    expect(first).toMatchObject({ received: 2, opened: 2, repeated: 0 });
    const [ticketA, ticketB] = first.ticketIds as [number, number];
    const incident = await ticket(ticketA);
    expect(incident).toMatchObject({
      type: 'incident',
      channel: 'monitoring',
      priority: 'P1',
      status: 'new',
      errorCode: 'HighCPU',
      requester: { email: 'monitoring@servicedesk.invalid' },
    });
    expect(incident.subject).toContain('HighCPU');
    expect(incident.description).toContain('instance=db-');
    expect((await ticket(ticketB)).priority).toBe('P3');

    // Alertmanager re-sends the group: a repeat opens nothing and counts an occurrence.
    const repeat = await ingest(
      source,
      amMessage([amAlert(a, 'firing'), amAlert(b, 'firing', { severity: 'warning' })]),
    );
    expect(repeat).toMatchObject({ opened: 0, repeated: 2, ticketIds: [ticketA, ticketB] });
    const [shown] = await alertsOf(ticketA);
    expect(shown).toMatchObject({
      status: 'firing',
      occurrences: 2,
      fingerprint: a,
      labels: { alertname: 'HighCPU', severity: 'critical' },
      annotations: { summary: 'CPU above 90% for 5 minutes' },
      links: {
        generatorURL: 'http://prometheus.example:9090/graph?g0.expr=cpu&g0.tab=1',
        externalURL: 'http://alertmanager.example:9093',
      },
      startsAt: '2026-12-04T08:00:00.123Z',
    });

    // Resolved, hold-down 0: the incident resolves at once, the resolution confirmed by monitoring.
    const resolved = await ingest(
      source,
      amMessage([amAlert(a, 'resolved'), amAlert(b, 'firing', { severity: 'warning' })]),
    );
    expect(resolved).toMatchObject({ resolved: 1, repeated: 1 });
    expect((await ticket(ticketA)).status).toBe('resolved');
    const resolution = await db.execute<{ outcome: string; outcome_comment: string }>(
      sql`select outcome, outcome_comment from ticket_resolutions where ticket_id = ${ticketA}`,
    );
    expect(resolution.rows).toEqual([
      { outcome: 'confirmed', outcome_comment: '监控已确认恢复 Verified by monitoring' },
    ]);
    expect((await ticket(ticketB)).status).toBe('new');

    // Firing again within the flap window reopens the same incident and counts a flap.
    const again = await ingest(source, amMessage([amAlert(a, 'firing')]));
    expect(again).toMatchObject({ opened: 0, reopened: 1, ticketIds: [ticketA] });
    const reopened = await ticket(ticketA);
    expect(reopened).toMatchObject({ status: 'open', reopenCount: 1 });
    const [flapped] = await alertsOf(ticketA);
    expect(flapped).toMatchObject({ status: 'firing', flaps: 1 });
    expect(flapped?.events.map((e) => e.kind)).toEqual(['flapped', 'ticket_resolved', 'resolved', 'fired']);
  });

  it('opens a new incident when the old one is over (past the flap window)', async () => {
    const source = await createSource({ name: 'am', kind: 'alertmanager', flapWindowSeconds: 0 });
    const fp = unique();
    const [first] = (await ingest(source, amMessage([amAlert(fp, 'firing')]))).ticketIds;
    await ingest(source, amMessage([amAlert(fp, 'resolved')]));
    await db.execute(
      sql`update alerts set resolved_at = resolved_at - interval '1 minute' where fingerprint = ${fp}`,
    );
    const next = await ingest(source, amMessage([amAlert(fp, 'firing')]));
    expect(next.opened).toBe(1);
    expect(next.ticketIds[0]).not.toBe(first);
    expect((await ticket(first as number)).status).toBe('resolved');
  });

  it('holds a resolve down for resolveAfterSeconds; a re-fire meanwhile cancels it and counts a flap', async () => {
    const source = await createSource({ name: 'am', kind: 'alertmanager', resolveAfterSeconds: 300 });
    const fp = unique();
    const [ticketId] = (await ingest(source, amMessage([amAlert(fp, 'firing')]))).ticketIds as [number];
    await ingest(source, amMessage([amAlert(fp, 'resolved')]));
    const [held] = await alertsOf(ticketId);
    expect(held).toMatchObject({ status: 'resolved' });
    expect(held?.resolveDueAt).not.toBeNull();
    expect((await ticket(ticketId)).status).toBe('new');
    const jobs = () =>
      count(
        sql`select count(*)::int as n from graphile_worker.jobs where key = ${`alerts.resolve:${held?.id}`}`,
      );
    expect(await jobs()).toBe(1);

    // Firing again within the hold-down: the job goes, the incident never resolved.
    await ingest(source, amMessage([amAlert(fp, 'firing')]));
    expect(await jobs()).toBe(0);
    expect((await alertsOf(ticketId))[0]).toMatchObject({ status: 'firing', flaps: 1, resolveDueAt: null });

    // Resolved again, and this time it stays resolved: the job (run here directly) resolves it.
    await ingest(source, amMessage([amAlert(fp, 'resolved')]));
    const due = new Date((await alertsOf(ticketId))[0]?.resolveDueAt ?? '');
    const early = await db.transaction((tx) =>
      resolveHeldAlert({ tx, alertId: held?.id ?? 0, now: new Date(due.getTime() - 1000) }),
    );
    expect(early).toBe('rescheduled');
    expect((await ticket(ticketId)).status).toBe('new');
    const done = await db.transaction((tx) =>
      resolveHeldAlert({ tx, alertId: held?.id ?? 0, now: new Date(due.getTime() + 1000) }),
    );
    expect(done).toBe('resolved');
    expect((await ticket(ticketId)).status).toBe('resolved');
    expect((await alertsOf(ticketId))[0]?.resolveDueAt).toBeNull();
  });

  it('opens one incident for the same alert posted concurrently', async () => {
    const source = await createSource({ name: 'am', kind: 'alertmanager' });
    const fp = unique();
    const results = await Promise.all(
      Array.from({ length: 6 }, () => ingest(source, amMessage([amAlert(fp, 'firing')]))),
    );
    expect(results.reduce((n, r) => n + r.opened, 0)).toBe(1);
    expect(new Set(results.map((r) => r.ticketIds[0])).size).toBe(1);
    const [alert] = await alertsOf(results[0]?.ticketIds[0] ?? 0);
    expect(alert?.occurrences).toBe(6);
  });

  it('takes payloads that arrive together in one transaction, each as if alone and in order', async () => {
    const source = await createSource({ name: 'am-batch', kind: 'alertmanager' });
    const other = await createSource({ name: 'am-batch-2', kind: 'alertmanager' });
    const [fp, fp2] = [unique(), unique()];
    const outcomes = await db.transaction((tx) =>
      ingestPayloads({
        tx,
        now: new Date(),
        publicUrl: 'http://desk.example',
        payloads: [
          { sourceId: source.id, token: source.token, body: amMessage([amAlert(fp, 'firing')]) },
          { sourceId: source.id, token: 'sda_wrong', body: amMessage([amAlert(fp2, 'firing')]) },
          { sourceId: source.id, token: source.token, body: amMessage([amAlert(fp, 'firing')]) },
          { sourceId: other.id, token: other.token, body: amMessage([amAlert(fp, 'firing')]) },
          { sourceId: source.id, token: source.token, body: { status: 'firing' } },
          { sourceId: source.id, token: source.token, body: amMessage([amAlert(fp, 'resolved')]) },
          { sourceId: source.id, token: source.token, body: amMessage([amAlert(fp, 'firing')]) },
        ],
      }),
    );
    const results = outcomes.map((o) => (o.ok ? o.result : o.error.code));
    expect(results[0]).toMatchObject({ opened: 1 });
    expect(results[1]).toBe('alert_source.unauthorized');
    expect(results[2]).toMatchObject({
      opened: 0,
      repeated: 1,
      ticketIds: (results[0] as IngestResult).ticketIds,
    });
    // The same fingerprint from another source is another alert.
    expect(results[3]).toMatchObject({ opened: 1 });
    expect((results[3] as IngestResult).ticketIds).not.toEqual((results[0] as IngestResult).ticketIds);
    expect(results[4]).toBe('validation.invalid');
    expect(results[5]).toMatchObject({ resolved: 1 });
    expect(results[6]).toMatchObject({ reopened: 1 });
    const ticketId = (results[0] as IngestResult).ticketIds[0] ?? 0;
    expect(await ticket(ticketId)).toMatchObject({ status: 'open', reopenCount: 1 });
    const [alert] = await alertsOf(ticketId);
    expect(alert).toMatchObject({ status: 'firing', occurrences: 3, flaps: 1 });
    expect(await count(sql`select count(*)::int as n from alerts where fingerprint = ${fp2}`)).toBe(0);
  });

  it('deduplicates by group key when the source says so', async () => {
    const source = await createSource({ name: 'am-group', kind: 'alertmanager', dedupeBy: 'groupKey' });
    const message = amMessage([amAlert(unique(), 'firing'), amAlert(unique(), 'firing')]);
    message.groupKey = `{}:{alertname="HighCPU",run="${unique()}"}`;
    const first = await ingest(source, message);
    expect(first).toMatchObject({ opened: 1, ticketIds: [expect.any(Number)] });
    const resolved = await ingest(source, {
      ...message,
      status: 'resolved',
      alerts: message.alerts.map((a) => ({ ...a, status: 'resolved' })),
    });
    expect(resolved.resolved).toBe(1);
    expect((await ticket(first.ticketIds[0] ?? 0)).status).toBe('resolved');
  });

  it('takes team and category from labels through the routing rules, else the default team', async () => {
    const dba = await buildTeam(ctx, { name: `DBA ${unique()}` });
    const fallback = await buildTeam(ctx, { name: `NOC ${unique()}` });
    const rule = await ctx.app.inject({
      method: 'POST',
      url: api('/routing-rules'),
      headers: admin.headers,
      payload: { name: 'database alerts', order: 0, match: { category: '基础设施/数据库' }, teamId: dba.id },
    });
    expect(rule.statusCode, rule.body).toBe(201);
    const source = await createSource({ name: 'am', kind: 'alertmanager', defaultTeamId: fallback.id });
    const routed = await ingest(
      source,
      amMessage([amAlert(unique(), 'firing', { category: '基础设施/数据库' }), amAlert(unique(), 'firing')]),
    );
    const [db1, other] = routed.ticketIds as [number, number];
    expect(await ticket(db1)).toMatchObject({ category: '基础设施/数据库', team: { id: dba.id } });
    expect(await ticket(other)).toMatchObject({ category: null, team: { id: fallback.id } });
    await ctx.app.inject({
      method: 'PATCH',
      url: api(`/routing-rules/${json<{ id: number }>(rule).id}`),
      headers: admin.headers,
      payload: { active: false },
    });
  });
});

describe('Grafana, Zabbix and generic senders', () => {
  it('reads a Grafana webhook contact point payload with its links', async () => {
    const source = await createSource({ name: 'grafana', kind: 'grafana' });
    const fp = unique();
    // Grafana unified alerting's webhook body (docs: webhook notifier, JSON payload).
    const payload = {
      receiver: 'servicedesk',
      status: 'firing',
      orgId: 1,
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'High memory usage', team: 'blue', zone: 'us-1', severity: 'high' },
          annotations: {
            description: 'The system has high memory usage',
            runbook_url: 'https://myrunbook.com/runbook/1234',
            summary: 'This alert was triggered for zone us-1',
          },
          startsAt: '2021-10-12T09:51:03.157076+02:00',
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'https://play.grafana.org/alerting/1afz29v7z/edit',
          fingerprint: fp,
          silenceURL:
            'https://play.grafana.org/alerting/silence/new?alertmanager=grafana&matchers=alertname%3DT2',
          dashboardURL: 'https://play.grafana.org/d/abc',
          panelURL: 'https://play.grafana.org/d/abc?viewPanel=2',
          values: { B: 44.23943737541908, C: 1 },
          valueString: "[ var='B' labels={} value=44.2 ]",
        },
      ],
      groupLabels: {},
      commonLabels: { alertname: 'High memory usage', team: 'blue', zone: 'us-1' },
      commonAnnotations: {},
      externalURL: 'https://play.grafana.org/',
      version: '1',
      groupKey: '{}:{}',
      truncatedAlerts: 0,
      title: '[FIRING:1]  (High memory usage blue us-1)',
      state: 'alerting',
      message: '**Firing**\n\nLabels:\n - alertname = High memory usage',
    };
    const result = await ingest(source, payload);
    expect(result.opened).toBe(1);
    const ticketId = result.ticketIds[0] ?? 0;
    expect(await ticket(ticketId)).toMatchObject({ priority: 'P2', channel: 'monitoring' });
    expect((await alertsOf(ticketId))[0]).toMatchObject({
      title: 'High memory usage: This alert was triggered for zone us-1',
      links: {
        dashboardURL: 'https://play.grafana.org/d/abc',
        panelURL: 'https://play.grafana.org/d/abc?viewPanel=2',
        generatorURL: 'https://play.grafana.org/alerting/1afz29v7z/edit',
      },
      startsAt: '2021-10-12T07:51:03.157Z',
      endsAt: null,
    });
  });

  it("reads the Zabbix media type's problem and recovery messages", async () => {
    const source = await createSource({ name: 'zabbix', kind: 'zabbix' });
    const eventId = String(Math.floor(Math.random() * 1e9));
    // What docs/integrations/zabbix-media-type.js posts for {EVENT.VALUE}=1, then 0.
    const problem = {
      event_id: eventId,
      event_value: '1',
      event_update_status: '0',
      event_name: 'MySQL: Service is down',
      event_severity: 'Disaster',
      event_nseverity: '5',
      event_date: '2026.12.04',
      event_time: '09:00:00',
      event_tags: [
        { tag: 'component', value: 'database' },
        { tag: 'scope', value: 'availability' },
      ],
      event_opdata: 'Current: 0',
      host_name: 'db-01',
      host_ip: '10.0.0.5',
      trigger_id: '24567',
      trigger_name: 'MySQL: Service is down',
      trigger_description: 'MySQL is not reachable.',
      item_value: '0',
      event_url: `https://zabbix.example/tr_events.php?triggerid=24567&eventid=${eventId}`,
    };
    const opened = await ingest(source, problem);
    expect(opened.opened).toBe(1);
    const ticketId = opened.ticketIds[0] ?? 0;
    expect(await ticket(ticketId)).toMatchObject({ priority: 'P1', errorCode: 'MySQL: Service is down' });
    expect((await alertsOf(ticketId))[0]).toMatchObject({
      labels: { host: 'db-01', component: 'database', severity: 'Disaster' },
      links: { generatorURL: problem.event_url },
    });
    const recovered = await ingest(source, {
      ...problem,
      event_value: '0',
      event_recovery_date: '2026.12.04',
      event_recovery_time: '09:05:00',
    });
    expect(recovered.resolved).toBe(1);
    expect((await ticket(ticketId)).status).toBe('resolved');
    const bad = await post(source, { ...problem, event_value: 'PROBLEM' });
    expect(bad.statusCode).toBe(400);
  });

  it('takes what the shipped Zabbix media type script sends, run as Zabbix runs it', async () => {
    const source = await createSource({ name: 'zabbix media type', kind: 'zabbix' });
    // The script block of docs/integrations/zabbix-media-type.yaml (the file administrators import).
    const yaml = await readFile(
      new URL('../../../../docs/integrations/zabbix-media-type.yaml', import.meta.url),
      'utf8',
    );
    const lines = yaml.split('\n');
    const from = lines.indexOf('      script: |') + 1;
    const to = lines.findIndex((line, i) => i >= from && /^ {6}\S/.test(line));
    const script = lines
      .slice(from, to)
      .map((line) => line.slice(8))
      .join('\n');
    const sent: { url: string; headers: string[]; body: string }[] = [];
    // Zabbix's HttpRequest object (5.4+): addHeader('Name: value'), post(url, body), getStatus().
    class HttpRequest {
      private readonly headers: string[] = [];
      private status = 0;
      addHeader(header: string) {
        this.headers.push(header);
      }
      setProxy() {}
      post(url: string, body: string) {
        sent.push({ url, headers: [...this.headers], body });
        this.status = 200;
        return '{"received":1}';
      }
      getStatus() {
        return this.status;
      }
    }
    // Zabbix runs the script as a function body of `value` (the parameters as JSON).
    const run = new Function('value', 'HttpRequest', 'Zabbix', script) as (
      value: string,
      request: typeof HttpRequest,
      zabbix: { log(level: number, message: string): void },
    ) => string;
    const eventId = String(Math.floor(Math.random() * 1e9));
    const params = {
      servicedesk_url: source.ingestUrl,
      servicedesk_token: source.token,
      event_id: eventId,
      event_value: '1',
      event_update_status: '0',
      event_name: 'Disk space is low on /data',
      event_severity: 'High',
      event_nseverity: '4',
      event_date: '2026.12.04',
      event_time: '10:00:00',
      event_recovery_date: '{EVENT.RECOVERY.DATE}',
      event_recovery_time: '{EVENT.RECOVERY.TIME}',
      event_tags: '[{"tag":"service","value":"files"},{"tag":"scope","value":"capacity"}]',
      event_opdata: 'Free: 2 %',
      host_name: 'fs-01',
      host_ip: '10.0.0.9',
      trigger_id: '777',
      trigger_name: 'Disk space is low on /data',
      trigger_description: 'Less than 5 % free.',
      item_value: '2 %',
      zabbix_url: 'https://zabbix.example/',
      http_proxy: '',
    };
    const deliver = async () => {
      const last = sent.at(-1);
      if (!last) throw new Error('the script sent nothing');
      const authorization = last.headers.find((h) => h.startsWith('Authorization: '))?.slice(15) ?? '';
      expect(last.headers).toContain('Content-Type: application/json');
      const response = await ctx.app.inject({
        method: 'POST',
        url: new URL(last.url).pathname,
        headers: { authorization, 'content-type': 'application/json' },
        payload: last.body,
      });
      expect(response.statusCode, response.body).toBe(200);
      return json<IngestResult>(response);
    };
    const log = { log() {} };
    expect(run(JSON.stringify(params), HttpRequest, log)).toBe('OK');
    expect(JSON.parse(sent[0]?.body ?? '{}')).toMatchObject({
      event_recovery_date: '',
      event_tags: [{ tag: 'service' }, { tag: 'scope' }],
    });
    const opened = await deliver();
    expect(opened.opened).toBe(1);
    const ticketId = opened.ticketIds[0] ?? 0;
    expect(await ticket(ticketId)).toMatchObject({ priority: 'P2', channel: 'monitoring' });
    expect((await alertsOf(ticketId))[0]).toMatchObject({
      labels: { host: 'fs-01', service: 'files', severity: 'High' },
      links: { generatorURL: `https://zabbix.example/tr_events.php?triggerid=777&eventid=${eventId}` },
    });
    run(
      JSON.stringify({
        ...params,
        event_value: '0',
        event_recovery_date: '2026.12.04',
        event_recovery_time: '10:20:00',
      }),
      HttpRequest,
      log,
    );
    expect((await deliver()).resolved).toBe(1);
    expect((await ticket(ticketId)).status).toBe('resolved');
    expect(() => run(JSON.stringify({ ...params, event_id: '{EVENT.ID}' }), HttpRequest, log)).toThrow(
      /event_id/,
    );
  });

  it('reads generic JSON through its mapping', async () => {
    const source = await createSource({
      name: 'uptime',
      kind: 'generic',
      mapping: {
        alerts: '$.checks',
        dedupeKey: 'id',
        title: 'name',
        status: 'state',
        resolvedValues: ['up'],
        severity: 'level',
        labels: 'tags',
        description: 'details.text',
        url: 'details.link',
      },
      severityMap: { urgent: 'P1' },
    });
    const id = unique();
    const body = (state: string) => ({
      checks: [
        {
          id,
          name: 'Portal login page',
          state,
          level: 'URGENT',
          tags: [{ key: 'service', value: 'portal' }],
          details: { text: 'HTTP 502 from https://portal.example', link: 'https://uptime.example/c/1' },
        },
      ],
    });
    const first = await ingest(source, body('down'));
    const ticketId = first.ticketIds[0] ?? 0;
    expect(await ticket(ticketId)).toMatchObject({ priority: 'P1', subject: 'Portal login page (portal)' });
    expect((await alertsOf(ticketId))[0]).toMatchObject({
      labels: { service: 'portal', severity: 'URGENT' },
      annotations: { description: 'HTTP 502 from https://portal.example' },
    });
    expect((await ingest(source, body('down'))).repeated).toBe(1);
    expect((await ingest(source, body('up'))).resolved).toBe(1);
    expect((await ticket(ticketId)).status).toBe('resolved');
    const missing = await post(source, { checks: [{ name: 'no id' }] });
    expect(missing.statusCode).toBe(400);
  });
});

describe('alert storms', () => {
  it('proposes a major incident to the on-duty lead once per storm', async () => {
    const lead = await buildUser(ctx, { role: 'lead', locale: 'zh-CN' });
    const source = await createSource({
      name: 'storm',
      kind: 'alertmanager',
      stormThreshold: { count: 3, minutes: 5 },
    });
    const proposals = () =>
      count(
        sql`select count(*)::int as n from notifications where user_id = ${lead.user.id} and event = 'alerts.storm'`,
      );
    await ingest(source, amMessage([amAlert(unique(), 'firing'), amAlert(unique(), 'firing')]));
    expect(await proposals()).toBe(0);
    await ingest(source, amMessage([amAlert(unique(), 'firing'), amAlert(unique(), 'firing')]));
    expect(await proposals()).toBe(1);
    await ingest(source, amMessage([amAlert(unique(), 'firing')]));
    expect(await proposals()).toBe(1);
    const storms = await db.execute<{ incidents: number }>(
      sql`select incidents from alert_storms where source_id = ${source.id}`,
    );
    expect(storms.rows).toEqual([{ incidents: 5 }]);
    const note = await db.execute<{ title: string; body: string }>(
      sql`select title, body from notifications where user_id = ${lead.user.id} and event = 'alerts.storm'`,
    );
    expect(note.rows[0]?.title).toContain('告警风暴');
    expect(note.rows[0]?.body).toContain('http://desk.example/agent/major-incidents');
  });
});

describe('the alerts on a ticket', () => {
  it('are for staff only', async () => {
    const source = await createSource({ name: 'am', kind: 'alertmanager' });
    const [ticketId] = (await ingest(source, amMessage([amAlert(unique(), 'firing')]))).ticketIds;
    const requester = await buildUser(ctx);
    const response = await ctx.app.inject({
      method: 'GET',
      url: api(`/tickets/${ticketId}/alerts`),
      headers: requester.headers,
    });
    expect(response.statusCode).toBe(403);
  });
});
