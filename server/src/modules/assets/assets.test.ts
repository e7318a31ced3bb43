import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AssetDto, AssetPageDto } from '../../../../contracts/assets.ts';
import type { TicketDto, TicketSummaryDto, TimelineEventDto } from '../../../../contracts/tickets.ts';
import { buildTicket, buildUser, type TestUser } from '../../../test/factories.ts';
import { json, setupTestApp } from '../../../test/harness.ts';
import { assertAssetIds, assetCriticalities, openIncidentCounts, relatedAssetIds } from './index.ts';

const ctx = await setupTestApp();

const call = (
  as: TestUser | null,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: object,
) =>
  ctx.app.inject({
    method,
    url: `/api/v1${url}`,
    ...(as ? { headers: as.headers } : {}),
    ...(payload ? { payload } : {}),
  });

let admin: TestUser;
let agent: TestUser;
let requester: TestUser;
beforeAll(async () => {
  admin = await buildUser(ctx, { role: 'admin' });
  agent = await buildUser(ctx, { role: 'agent' });
  requester = await buildUser(ctx, { role: 'requester' });
});

const uniq = () => Math.random().toString(36).slice(2, 8);

async function createAsset(overrides: Record<string, unknown> = {}): Promise<AssetDto> {
  const response = await call(agent, 'POST', '/assets', {
    name: `PC-${uniq()}`,
    type: 'device',
    ...overrides,
  });
  expect(response.statusCode, response.body).toBe(201);
  return json<AssetDto>(response);
}

async function assetCount(): Promise<number> {
  const { rows } = await ctx.database.db.execute<{ n: number }>(sql`select count(*)::int as n from assets`);
  return Number(rows[0]?.n);
}

async function timeline(ticketId: number, as: TestUser = agent): Promise<TimelineEventDto[]> {
  const response = await call(as, 'GET', `/tickets/${ticketId}/timeline`);
  expect(response.statusCode, response.body).toBe(200);
  return json<{ items: TimelineEventDto[] }>(response).items;
}

describe('assets', () => {
  it('creates, reads, lists and updates an asset with custom fields checked against its type', async () => {
    const serial = `SN-${uniq()}`;
    const created = await createAsset({
      name: 'ThinkPad X1 张三',
      serialNumber: serial,
      location: '北京 5F',
      ownerId: requester.user.id,
      criticality: 'high',
      customFields: { model: 'X1 Carbon Gen 11', purchaseDate: '2025-03-01' },
    });
    expect(created).toMatchObject({
      name: 'ThinkPad X1 张三',
      type: 'device',
      serialNumber: serial,
      location: '北京 5F',
      owner: { id: requester.user.id },
      status: 'in_use',
      criticality: 'high',
      customFields: { model: 'X1 Carbon Gen 11', purchaseDate: '2025-03-01' },
      relations: [],
      tickets: [],
      replacements: [],
    });

    const page = json<AssetPageDto>(
      await call(agent, 'GET', `/assets?q=${encodeURIComponent(serial.toLowerCase())}`),
    );
    expect(page.items.map((a) => a.id)).toEqual([created.id]);
    expect(page.total).toBe(1);
    const byOwner = json<AssetPageDto>(
      await call(agent, 'GET', `/assets?ownerId=${requester.user.id}&type=device`),
    );
    expect(byOwner.items.map((a) => a.id)).toContain(created.id);
    const retired = json<AssetPageDto>(await call(agent, 'GET', `/assets?status=retired&q=${serial}`));
    expect(retired.items).toEqual([]);

    const patched = await call(agent, 'PATCH', `/assets/${created.id}`, {
      status: 'in_repair',
      location: null,
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(json<AssetDto>(patched)).toMatchObject({ status: 'in_repair', location: null });
    const { rows } = await ctx.database.db.execute<{
      kind: string;
      data: { changes: Record<string, unknown> };
    }>(
      sql`select kind, data from audit_events where entity_type = 'asset' and entity_id = ${created.id} order by id`,
    );
    expect(rows.map((r) => r.kind)).toEqual(['asset.created', 'asset.updated']);
    expect(rows[1]?.data.changes).toEqual({
      status: { from: 'in_use', to: 'in_repair' },
      location: { from: '北京 5F', to: null },
    });
  });

  it('refuses bad input with the field at fault and changes nothing', async () => {
    const existing = await createAsset({ serialNumber: `DUP-${uniq()}` });
    const before = await assetCount();
    const cases: [Record<string, unknown>, number, string, string | undefined][] = [
      [{ name: 'x', type: 'spaceship' }, 400, 'asset.type_unknown', 'type'],
      [
        { name: 'x', type: 'device', customFields: { colour: 'red' } },
        400,
        'asset.field_unknown',
        'customFields.colour',
      ],
      [
        { name: 'x', type: 'device', customFields: { purchaseDate: '2025-02-30' } },
        400,
        'asset.field_not_date',
        'customFields.purchaseDate',
      ],
      [
        { name: 'x', type: 'server', customFields: { cpuCores: 'eight' } },
        400,
        'asset.field_not_number',
        'customFields.cpuCores',
      ],
      [
        { name: 'x', type: 'device', serialNumber: existing.serialNumber },
        409,
        'asset.serial_taken',
        'serialNumber',
      ],
      [{ name: 'x', type: 'device', ownerId: 999999 }, 400, 'asset.owner_invalid', 'ownerId'],
      [{ name: '', type: 'device' }, 400, 'validation', undefined],
      [{ name: 'x', type: 'device', status: 'lost_in_space' }, 400, 'validation', undefined],
    ];
    for (const [payload, status, code, field] of cases) {
      const response = await call(agent, 'POST', '/assets', payload);
      expect(response.statusCode, `${JSON.stringify(payload)} ${response.body}`).toBe(status);
      const error = json<{ error: { code: string; field?: string } }>(response).error;
      expect(error.code.startsWith(code === 'validation' ? '' : code)).toBe(true);
      if (code !== 'validation') expect(error.code).toBe(code);
      if (field) expect(error.field).toBe(field);
    }
    expect(await assetCount()).toBe(before);
    expect((await call(requester, 'POST', '/assets', { name: 'x', type: 'device' })).statusCode).toBe(403);
    expect((await call(agent, 'GET', '/assets/999999')).statusCode).toBe(404);
    const patch = await call(agent, 'PATCH', `/assets/${existing.id}`, {
      type: 'server',
      customFields: { cpuCores: 'x' },
    });
    expect(patch.statusCode).toBe(400);
    expect(json<AssetDto>(await call(agent, 'GET', `/assets/${existing.id}`)).type).toBe('device');
  });

  it('lets an administrator add a type whose fields its assets must fill in', async () => {
    const key = `printer_${uniq()}`;
    const type = {
      key,
      label: { 'zh-CN': '打印机', en: 'Printer' },
      fields: [
        {
          key: 'tonerModel',
          label: { 'zh-CN': '硒鼓型号', en: 'Toner model' },
          type: 'text',
          required: true,
        },
        {
          key: 'colour',
          label: { 'zh-CN': '彩色', en: 'Colour' },
          type: 'select',
          options: ['mono', 'colour'],
        },
        { key: 'pagesPerMinute', label: { 'zh-CN': '每分钟页数', en: 'Pages per minute' }, type: 'number' },
      ],
    };
    expect((await call(agent, 'POST', '/asset-types', type)).statusCode).toBe(403);
    const created = await call(admin, 'POST', '/asset-types', type);
    expect(created.statusCode, created.body).toBe(201);
    expect((await call(admin, 'POST', '/asset-types', type)).statusCode).toBe(409);
    const badSelect = await call(admin, 'POST', '/asset-types', {
      ...type,
      key: `${key}_b`,
      fields: [{ key: 'c', label: { 'zh-CN': 'c', en: 'c' }, type: 'select' }],
    });
    expect(badSelect.statusCode).toBe(400);

    const missing = await call(agent, 'POST', '/assets', { name: 'HP 1', type: key, customFields: {} });
    expect(missing.statusCode).toBe(400);
    expect(json<{ error: { code: string; field: string } }>(missing).error).toMatchObject({
      code: 'asset.field_required',
      field: 'customFields.tonerModel',
    });
    const badOption = await call(agent, 'POST', '/assets', {
      name: 'HP 1',
      type: key,
      customFields: { tonerModel: 'CF259A', colour: 'rainbow' },
    });
    expect(json<{ error: { field: string } }>(badOption).error.field).toBe('customFields.colour');
    const ok = await createAsset({
      name: 'HP 1',
      type: key,
      customFields: { tonerModel: 'CF259A', colour: 'mono', pagesPerMinute: 40 },
    });
    expect(ok.customFields).toEqual({ tonerModel: 'CF259A', colour: 'mono', pagesPerMinute: 40 });
    const types = json<{ items: { key: string }[] }>(await call(agent, 'GET', '/asset-types')).items.map(
      (t) => t.key,
    );
    expect(types).toEqual(
      expect.arrayContaining(['device', 'server', 'service', 'application', 'network', 'peripheral', key]),
    );
  });
});

describe('relations', () => {
  it('relates assets both ways, refuses self, duplicate and runs_on cycles, allows depends_on cycles', async () => {
    const server = await createAsset({ name: `srv-${uniq()}`, type: 'server' });
    const app = await createAsset({ name: `erp-${uniq()}`, type: 'application' });
    const db = await createAsset({ name: `db-${uniq()}`, type: 'application' });
    const added = await call(agent, 'POST', `/assets/${app.id}/relations`, {
      kind: 'runs_on',
      targetId: server.id,
    });
    expect(added.statusCode, added.body).toBe(201);
    const appRead = json<AssetDto>(added);
    expect(appRead.relations).toMatchObject([
      { kind: 'runs_on', direction: 'outgoing', asset: { id: server.id } },
    ]);
    const serverRead = json<AssetDto>(await call(agent, 'GET', `/assets/${server.id}`));
    expect(serverRead.relations).toMatchObject([
      { kind: 'runs_on', direction: 'incoming', asset: { id: app.id } },
    ]);

    const refuse = async (from: number, body: object, status: number, code: string) => {
      const r = await call(agent, 'POST', `/assets/${from}/relations`, body);
      expect(r.statusCode, r.body).toBe(status);
      expect(json<{ error: { code: string } }>(r).error.code).toBe(code);
    };
    await refuse(app.id, { kind: 'runs_on', targetId: app.id }, 400, 'asset.relation_self');
    await refuse(app.id, { kind: 'runs_on', targetId: server.id }, 409, 'asset.relation_exists');
    await refuse(server.id, { kind: 'runs_on', targetId: app.id }, 409, 'asset.relation_cycle');
    await refuse(app.id, { kind: 'runs_on', targetId: 999999 }, 400, 'asset.not_found');
    expect(
      (await call(agent, 'POST', `/assets/${app.id}/relations`, { kind: 'is_near', targetId: server.id }))
        .statusCode,
    ).toBe(400);

    // depends_on may form cycles: two services that call each other.
    expect(
      (await call(agent, 'POST', `/assets/${app.id}/relations`, { kind: 'depends_on', targetId: db.id }))
        .statusCode,
    ).toBe(201);
    expect(
      (await call(agent, 'POST', `/assets/${db.id}/relations`, { kind: 'depends_on', targetId: app.id }))
        .statusCode,
    ).toBe(201);

    const related = await ctx.database.db.transaction((tx) => relatedAssetIds(tx, [server.id]));
    expect(related).toEqual([server.id, app.id, db.id].sort((a, b) => a - b));

    const relationId = appRead.relations[0]?.id ?? 0;
    expect((await call(agent, 'DELETE', `/assets/${db.id}/relations/${relationId}`)).statusCode).toBe(404);
    const removed = await call(agent, 'DELETE', `/assets/${server.id}/relations/${relationId}`);
    expect(removed.statusCode, removed.body).toBe(200);
    expect(json<AssetDto>(removed).relations).toEqual([]);
  });
});

describe('tickets and assets', () => {
  it('links assets on ticket create and update, shows them on the ticket and the timeline, and lists the tickets', async () => {
    const laptop = await createAsset({ name: `Laptop-${uniq()}`, criticality: 'low' });
    const monitor = await createAsset({ name: `Monitor-${uniq()}`, type: 'peripheral' });
    const ticket = await buildTicket(ctx, agent, { requesterId: requester.user.id, assetIds: [laptop.id] });
    expect(ticket.assets).toEqual([{ id: laptop.id, name: laptop.name, type: 'device', criticality: 'low' }]);

    const updated = await call(agent, 'PATCH', `/tickets/${ticket.id}`, { assetIds: [monitor.id] });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(json<TicketDto>(updated).assets?.map((a) => a.id)).toEqual([monitor.id]);
    const events = (await timeline(ticket.id)).filter((e) => e.kind.startsWith('asset.'));
    expect(events.map((e) => [e.kind, (e.data.asset as { id: number }).id])).toEqual([
      ['asset.linked', laptop.id],
      ['asset.linked', monitor.id],
      ['asset.unlinked', laptop.id],
    ]);
    // The requester sees neither the links nor their events.
    const theirs = json<TicketDto>(await call(requester, 'GET', `/tickets/${ticket.id}`));
    expect(theirs.assets).toEqual([]);
    expect((await timeline(ticket.id, requester)).some((e) => e.kind.startsWith('asset.'))).toBe(false);

    const read = json<AssetDto>(await call(agent, 'GET', `/assets/${monitor.id}`));
    expect(read.tickets.map((t) => t.id)).toEqual([ticket.id]);
    const queue = json<{ items: TicketSummaryDto[] }>(
      await call(agent, 'GET', `/tickets?assetId=${monitor.id}`),
    );
    expect(queue.items.map((t) => t.id)).toEqual([ticket.id]);
    expect((await call(requester, 'GET', `/tickets?assetId=${monitor.id}`)).statusCode).toBe(403);

    const counts = await ctx.database.db.transaction((tx) => openIncidentCounts(tx, [monitor.id, laptop.id]));
    expect(counts).toEqual(
      new Map([
        [monitor.id, 1],
        [laptop.id, 0],
      ]),
    );
    const criticalities = await ctx.database.db.transaction((tx) =>
      assetCriticalities(tx, [laptop.id, 999999]),
    );
    expect(criticalities).toEqual(new Map([[laptop.id, 'low']]));
  });

  it('refuses unknown assets and requesters linking, changing nothing', async () => {
    const ticket = await buildTicket(ctx, agent);
    const bad = await call(agent, 'PATCH', `/tickets/${ticket.id}`, {
      assetIds: [999999],
      subject: 'changed',
    });
    expect(bad.statusCode).toBe(400);
    expect(json<{ error: { code: string; field: string } }>(bad).error).toMatchObject({
      code: 'asset.not_found',
      field: 'assetIds',
    });
    expect(json<TicketDto>(await call(agent, 'GET', `/tickets/${ticket.id}`)).subject).toBe(ticket.subject);
    const { rows } = await ctx.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from tickets`,
    );
    const createBad = await call(agent, 'POST', '/tickets', {
      subject: 's',
      description: 'd',
      type: 'incident',
      impact: 'low',
      urgency: 'low',
      assetIds: [999999],
    });
    expect(createBad.statusCode).toBe(400);
    const { rows: after } = await ctx.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from tickets`,
    );
    expect(after[0]?.n).toBe(rows[0]?.n);
    const asset = await createAsset();
    const byRequester = await call(requester, 'POST', '/tickets', {
      subject: 's',
      description: 'd',
      type: 'incident',
      impact: 'low',
      urgency: 'low',
      assetIds: [asset.id],
    });
    expect(byRequester.statusCode).toBe(403);
    await expect(
      ctx.database.db.transaction((tx) => assertAssetIds(tx, [asset.id, 424242], 'assets')),
    ).rejects.toMatchObject({
      code: 'asset.not_found',
      field: 'assets',
    });
  });
});
