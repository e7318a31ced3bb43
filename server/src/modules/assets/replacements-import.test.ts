import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type {
  AssetDto,
  AssetImportResultDto,
  AssetPartDto,
  ReplacementDto,
} from '../../../../contracts/assets.ts';
import type { TicketDto, TimelineEventDto } from '../../../../contracts/tickets.ts';
import { buildTicket, buildUser, type TestUser } from '../../../test/factories.ts';
import { json, setupTestApp } from '../../../test/harness.ts';

const ctx = await setupTestApp();

const call = (as: TestUser, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  ctx.app.inject({ method, url: `/api/v1${url}`, headers: as.headers, ...(payload ? { payload } : {}) });

let agent: TestUser;
let requester: TestUser;
beforeAll(async () => {
  agent = await buildUser(ctx, { role: 'agent' });
  requester = await buildUser(ctx, { role: 'requester', email: `owner-${Date.now()}@example.com` });
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

const count = async (table: 'asset_replacements' | 'assets' | 'audit_events') => {
  const { rows } = await ctx.database.db.execute<{ n: number }>(
    sql`select count(*)::int as n from ${sql.raw(table)}`,
  );
  return Number(rows[0]?.n);
};

describe('spare-part replacements (备件更换)', () => {
  it('records a replacement from a ticket: asset history, linked ticket, timeline, audit', async () => {
    const laptop = await createAsset({ name: `ThinkPad-${uniq()}` });
    const ticket = await buildTicket(ctx, agent, {
      requesterId: requester.user.id,
      subject: '笔记本电池鼓包',
    });
    const response = await call(agent, 'POST', `/assets/${laptop.id}/replacements`, {
      part: '电池 Battery 57Wh',
      oldSerial: 'BAT-OLD-1',
      newSerial: 'BAT-NEW-2',
      ticketId: ticket.id,
    });
    expect(response.statusCode, response.body).toBe(201);
    const replacement = json<ReplacementDto>(response);
    expect(replacement).toMatchObject({
      assetId: laptop.id,
      part: '电池 Battery 57Wh',
      oldSerial: 'BAT-OLD-1',
      newSerial: 'BAT-NEW-2',
      ticket: { id: ticket.id, number: ticket.number },
      partStockId: null,
      actor: { id: agent.user.id },
    });
    const asset = json<AssetDto>(await call(agent, 'GET', `/assets/${laptop.id}`));
    expect(asset.replacements.map((r) => r.id)).toEqual([replacement.id]);
    // The asset was not linked yet: recording the replacement linked it.
    expect(asset.tickets.map((t) => t.id)).toEqual([ticket.id]);
    expect(
      json<TicketDto>(await call(agent, 'GET', `/tickets/${ticket.id}`)).assets?.map((a) => a.id),
    ).toEqual([laptop.id]);
    const timeline = json<{ items: TimelineEventDto[] }>(
      await call(agent, 'GET', `/tickets/${ticket.id}/timeline`),
    );
    expect(timeline.items.map((e) => e.kind).filter((k) => k.startsWith('asset.'))).toEqual([
      'asset.linked',
      'asset.replacement',
    ]);
    expect(timeline.items.find((e) => e.kind === 'asset.replacement')?.data).toMatchObject({
      part: '电池 Battery 57Wh',
      oldSerial: 'BAT-OLD-1',
      newSerial: 'BAT-NEW-2',
    });
    const theirs = json<{ items: TimelineEventDto[] }>(
      await call(requester, 'GET', `/tickets/${ticket.id}/timeline`),
    );
    expect(theirs.items.some((e) => e.kind.startsWith('asset.'))).toBe(false);
  });

  it('takes a stocked part from stock, and refuses when none is left (409, nothing recorded)', async () => {
    const name = `SSD 1TB ${uniq()}`;
    const created = await call(agent, 'POST', '/asset-parts', { name, quantity: 1 });
    expect(created.statusCode, created.body).toBe(201);
    const part = json<AssetPartDto>(created);
    expect(
      (await call(agent, 'POST', '/asset-parts', { name: name.toUpperCase(), quantity: 3 })).statusCode,
    ).toBe(409);
    const asset = await createAsset();
    // Named like the stocked part (without case): taken from stock.
    const first = await call(agent, 'POST', `/assets/${asset.id}/replacements`, { part: name.toLowerCase() });
    expect(first.statusCode, first.body).toBe(201);
    expect(json<ReplacementDto>(first).partStockId).toBe(part.id);
    const parts = json<{ items: AssetPartDto[] }>(await call(agent, 'GET', '/asset-parts')).items;
    expect(parts.find((p) => p.id === part.id)?.quantity).toBe(0);

    const [replacements, events] = [await count('asset_replacements'), await count('audit_events')];
    const none = await call(agent, 'POST', `/assets/${asset.id}/replacements`, {
      part: 'x',
      partStockId: part.id,
    });
    expect(none.statusCode).toBe(409);
    expect(json<{ error: { code: string; field: string } }>(none).error).toMatchObject({
      code: 'asset.part_out_of_stock',
      field: 'partStockId',
    });
    expect([await count('asset_replacements'), await count('audit_events')]).toEqual([replacements, events]);

    const restocked = await call(agent, 'PATCH', `/asset-parts/${part.id}`, { quantity: 5 });
    expect(json<AssetPartDto>(restocked).quantity).toBe(5);
    expect((await call(agent, 'PATCH', `/asset-parts/${part.id}`, { quantity: -1 })).statusCode).toBe(400);
  });

  it('refuses bad replacements with the field at fault', async () => {
    const asset = await createAsset();
    const before = await count('asset_replacements');
    const cases: [string, object, number, string | null][] = [
      [`/assets/999999/replacements`, { part: 'x' }, 404, 'asset.missing'],
      [`/assets/${asset.id}/replacements`, { part: '' }, 400, null],
      [`/assets/${asset.id}/replacements`, { part: 'x', ticketId: 999999 }, 404, null],
      [`/assets/${asset.id}/replacements`, { part: 'x', partStockId: 999999 }, 400, 'asset.part_not_found'],
    ];
    for (const [url, body, status, code] of cases) {
      const response = await call(agent, 'POST', url, body);
      expect(response.statusCode, response.body).toBe(status);
      if (code) expect(json<{ error: { code: string } }>(response).error.code).toBe(code);
    }
    expect(
      (await call(requester, 'POST', `/assets/${asset.id}/replacements`, { part: 'x' })).statusCode,
    ).toBe(403);
    expect(await count('asset_replacements')).toBe(before);
  });
});

function importCsv(csv: string | Buffer, dryRun: boolean, contentType = 'text/csv; charset=utf-8') {
  return ctx.app.inject({
    method: 'POST',
    url: `/api/v1/assets/import?dryRun=${dryRun}`,
    headers: { ...agent.headers, 'content-type': contentType },
    payload: csv,
  });
}

function multipart(csv: Buffer, dryRun: boolean) {
  const boundary = '----servicedesk-test-boundary';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="assets.csv"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    csv,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return ctx.app.inject({
    method: 'POST',
    url: `/api/v1/assets/import?dryRun=${dryRun}`,
    headers: { ...agent.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: body,
  });
}

describe('CSV import', () => {
  it('imports a Chinese-header file with a BOM after a clean dry run', async () => {
    const tag = uniq();
    const csv = [
      '名称,类型,序列号,位置,责任人邮箱,状态,重要性,型号,CPU 核数',
      `笔记本-${tag}-1,终端设备,SN-${tag}-1,北京 5F,${requester.user.email},在用,高,"ThinkPad X1, Gen 11",`,
      `数据库服务器-${tag},server,SN-${tag}-2,"机房 A, 机柜 3",,in_stock,critical,,32`,
      `"引号""名称""-${tag}",Application,,,,,,,`,
    ].join('\r\n');
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, 'utf8')]);
    const before = await count('assets');
    const dry = await importCsv(bytes, true);
    expect(dry.statusCode, dry.body).toBe(200);
    expect(json<AssetImportResultDto>(dry)).toMatchObject({ dryRun: true, rows: 3, created: 0, errors: [] });
    expect(await count('assets')).toBe(before);

    const run = await multipart(bytes, false);
    expect(run.statusCode, run.body).toBe(200);
    expect(json<AssetImportResultDto>(run)).toMatchObject({ dryRun: false, rows: 3, created: 3, errors: [] });
    const list = json<{ items: AssetDto[] }>(
      await call(agent, 'GET', `/assets?q=${encodeURIComponent(tag)}`),
    ).items;
    const byName = new Map(list.map((a) => [a.name, a]));
    expect(byName.get(`笔记本-${tag}-1`)).toMatchObject({
      type: 'device',
      serialNumber: `SN-${tag}-1`,
      location: '北京 5F',
      owner: { id: requester.user.id },
      status: 'in_use',
      criticality: 'high',
      customFields: { model: 'ThinkPad X1, Gen 11' },
    });
    expect(byName.get(`数据库服务器-${tag}`)).toMatchObject({
      type: 'server',
      location: '机房 A, 机柜 3',
      status: 'in_stock',
      criticality: 'critical',
      customFields: { cpuCores: 32 },
    });
    expect(byName.get(`引号"名称"-${tag}`)?.type).toBe('application');
  });

  it('shows each error with its row and column in a dry run, and imports nothing when any row is bad', async () => {
    const taken = await createAsset({ serialNumber: `TAKEN-${uniq()}` });
    const tag = uniq();
    const csv = [
      'name,type,serial number,owner email,status,criticality,purchaseDate,cpuCores',
      `ok-${tag},device,,,,,2025-01-31,`,
      `,device,,,,,,`,
      `bad-type-${tag},spaceship,,,,,,`,
      `dup-${tag},device,${taken.serialNumber},,,,,`,
      `owner-${tag},device,,nobody-${tag}@example.com,,,,`,
      `status-${tag},device,,,lost,,,`,
      `date-${tag},device,,,,,2025-02-30,`,
      `cores-${tag},server,,,,,,many`,
      `field-${tag},device,,,,,,8`,
    ].join('\n');
    const before = await count('assets');
    const dry = await importCsv(csv, true);
    expect(dry.statusCode, dry.body).toBe(200);
    const result = json<AssetImportResultDto>(dry);
    expect(result.rows).toBe(9);
    expect(result.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [3, 'name', 'asset.import_value_required'],
      [4, 'type', 'asset.type_unknown'],
      [5, 'serial number', 'asset.serial_taken'],
      [6, 'owner email', 'asset.owner_invalid'],
      [7, 'status', 'asset.import_value_invalid'],
      [8, 'purchaseDate', 'asset.field_not_date'],
      [9, 'cpuCores', 'asset.field_not_number'],
      [10, 'cpuCores', 'asset.field_unknown'],
    ]);
    expect(result.errors.every((e) => e.message.length > 0)).toBe(true);
    const run = await importCsv(csv, false);
    expect(run.statusCode).toBe(400);
    expect(json<{ error: { code: string } }>(run).error.code).toBe('asset.import_invalid');
    expect(await count('assets')).toBe(before);
  });

  it('refuses files it cannot read: not UTF-8, no data, unknown or missing columns, repeated serials', async () => {
    const gbk = Buffer.from([0xc3, 0xfb, 0xb3, 0xc6, 0x2c, 0xc0, 0xe0, 0xd0, 0xcd, 0x0a]); // "名称,类型" in GBK
    const cases: [string | Buffer, string][] = [
      [gbk, 'asset.import_encoding'],
      ['name,type\n', 'asset.import_empty'],
      ['name,type,colour\nA,device,red\n', 'asset.import_column_unknown'],
      ['name,serial\nA,1\n', 'asset.import_column_missing'],
    ];
    for (const [body, code] of cases) {
      const response = await importCsv(body, true);
      expect(response.statusCode, response.body).toBe(400);
      expect(json<{ error: { code: string } }>(response).error.code).toBe(code);
    }
    const tag = uniq();
    const repeated = await importCsv(
      `name,type,sn\na-${tag},device,R-${tag}\nb-${tag},device,R-${tag}\n`,
      true,
    );
    expect(json<AssetImportResultDto>(repeated).errors.map((e) => [e.row, e.code])).toEqual([
      [2, 'asset.serial_taken'],
      [3, 'asset.serial_taken'],
    ]);
  });
});
