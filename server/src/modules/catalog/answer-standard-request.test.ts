import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { CatalogItemDto } from '../../../../contracts/catalog.ts';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import { buildTicket, buildUser } from '../../../test/factories.ts';
import { json, setupTestApp } from '../../../test/harness.ts';
import type { Tx } from '../../platform/db/database.ts';
import { systemActor } from '../identity/index.ts';
import { addMessage } from '../tickets/index.ts';
import { standardBatch } from '../triage/index.ts';
import { answerFromCatalog } from './answer-standard-request.ts';

const ctx = await setupTestApp();
const label = (zh: string, en: string) => ({ 'zh-CN': zh, en });

/** How often this transaction has read each table so far (PostgreSQL's own count). */
async function reads(tx: Tx): Promise<Record<string, number>> {
  const result = await tx.execute<{ relname: string; n: number }>(sql`
    select relname, (coalesce(seq_scan, 0) + coalesce(idx_scan, 0))::int as n
      from pg_stat_xact_user_tables where relname in ('catalog_items', 'catalog_requests')`);
  return Object.fromEntries(result.rows.map((row) => [row.relname, row.n]));
}

describe('the catalog’s standard-request answers for a triage batch (issue 18)', () => {
  it('read the items and the catalog requests once per batch, and answer as one ticket at a time does', async () => {
    const admin = await buildUser(ctx, { role: 'admin' });
    const requester = await buildUser(ctx, { role: 'requester', locale: 'zh-CN' });
    const created = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/catalog/items',
      headers: admin.headers,
      payload: {
        name: label('开通会议室投屏', 'Enable meeting room casting'),
        published: true,
        guide: '在会议室平板上选择“投屏”，输入屏幕上的六位码。',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const item = json<CatalogItemDto>(created);
    const fromCatalog = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/catalog/items/${item.id}/requests`,
      headers: requester.headers,
      payload: { answers: {} },
    });
    expect(fromCatalog.statusCode, fromCatalog.body).toBe(201);
    const madeFromCatalog = json<{ ticket: TicketDto }>(fromCatalog).ticket;
    const named = async (n: number) =>
      buildTicket(ctx, requester, { subject: `请帮我开通会议室投屏 ${n}`, description: '三楼会议室' });
    const answered = [await named(1), await named(2)];
    const plain = await buildTicket(ctx, requester, { subject: '打印机卡纸', description: '三楼打印机。' });
    // The ticket made from the catalog names the item too: it is still not answered.
    const tickets = [answered[0], plain, madeFromCatalog, answered[1]] as TicketDto[];

    interface Outcome {
      results: boolean[];
      itemReads: number;
      requestReads: number;
    }
    let alone: Outcome | undefined;
    let batched: Outcome | undefined;
    // Each pass rolled back, so that the second answers the same tickets afresh.
    for (const mode of [false, true]) {
      let outcome: Outcome | undefined;
      await ctx.database.db
        .transaction(async (outer) => {
          outcome = await outer.transaction(async (tx) => {
            const bot = await systemActor(tx, 'automation');
            const batch = standardBatch(tickets.map((t) => t.id));
            const start = await reads(tx);
            const results: boolean[] = [];
            for (const ticket of tickets)
              results.push(
                await answerFromCatalog({
                  tx,
                  bot,
                  ticket,
                  now: new Date(),
                  reply: addMessage,
                  ...(mode ? { batch } : {}),
                }),
              );
            const end = await reads(tx);
            return {
              results,
              itemReads: (end.catalog_items ?? 0) - (start.catalog_items ?? 0),
              requestReads: (end.catalog_requests ?? 0) - (start.catalog_requests ?? 0),
            };
          });
          outer.rollback();
        })
        .catch(() => {});
      if (mode) batched = outcome;
      else alone = outcome;
    }
    expect(alone?.results).toEqual([true, false, false, true]);
    expect(batched?.results).toEqual(alone?.results);
    expect(alone).toMatchObject({ itemReads: 4, requestReads: 4 });
    expect(batched).toMatchObject({ itemReads: 1, requestReads: 1 });
  });
});
