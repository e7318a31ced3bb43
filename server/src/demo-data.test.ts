import { sql } from 'drizzle-orm';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { buildUser } from '../test/factories.ts';
import { json, setupTestApp } from '../test/harness.ts';
import { seedDemoData } from './demo-data.ts';
import { DEMO_ARTICLES } from './demo-knowledge.ts';

const ctx = await setupTestApp();

describe('demo data', () => {
  it('gives a first-run desk published articles in both languages, canned responses and a vendor', async () => {
    await seedDemoData({ db: ctx.database.db, logger: pino({ level: 'silent' }) });
    const counts = await ctx.database.db.execute<{
      zh: number;
      en: number;
      vendors: number;
      canned: number;
    }>(sql`
      select (select count(*) from kb_articles where status = 'published' and visibility = 'public' and language = 'zh-CN')::int as zh,
             (select count(*) from kb_articles where status = 'published' and visibility = 'public' and language = 'en')::int as en,
             (select count(*) from vendors)::int as vendors,
             (select count(*) from canned_responses)::int as canned`);
    expect(counts.rows[0]).toEqual({ zh: 6, en: 6, vendors: 1, canned: 4 });
    expect(DEMO_ARTICLES).toHaveLength(12);

    // A requester typing a problem finds the article (portal deflection), in either language.
    const requester = await buildUser(ctx);
    for (const [q, title] of [
      ['VPN 报错 809 连不上', 'VPN 连接失败，提示错误 809'],
      ['printer error 0x0000011b', 'Printing fails with error 0x0000011b'],
    ] as const) {
      const response = await ctx.app.inject({
        url: `/api/v1/search?q=${encodeURIComponent(q)}&scope=articles`,
        headers: requester.headers,
      });
      expect(response.statusCode).toBe(200);
      const titles = json<{ items: { title: string }[] }>(response).items.map((item) => item.title);
      expect(titles.slice(0, 2)).toContain(title);
    }

    // Running it again (a restart) adds nothing.
    await seedDemoData({ db: ctx.database.db, logger: pino({ level: 'silent' }) });
    const again = await ctx.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from kb_articles`,
    );
    expect(again.rows[0]?.n).toBe(12);
  });
});
