import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildUser } from '../../../test/factories.ts';
import { setupTestApp } from '../../../test/harness.ts';
import { predict } from './classifier.ts';
import { latestModel, preloadModel, type TriageModel } from './model-store.ts';
import { ticketTerms, trainTriage } from './train-triage.ts';

const ctx = await setupTestApp();
const admin = await buildUser(ctx, { role: 'admin' });

const HISTORY = [
  {
    subject: 'VPN 连接失败 809',
    description: '在家用 AnyConnect 连接公司 VPN 报错 809',
    category: '网络/VPN',
  },
  {
    subject: 'VPN keeps disconnecting',
    description: 'AnyConnect VPN drops every few minutes',
    category: '网络/VPN',
  },
  { subject: '打印机卡纸', description: '三楼 HP 打印机一直卡纸', category: '硬件/打印机' },
  {
    subject: 'Printer jammed',
    description: 'The HP printer on floor 3 keeps jamming paper',
    category: '硬件/打印机',
  },
];

describe('a trained model swapped in (issue 16: no read-back on the next suggestion)', () => {
  it('is used by the process that trained it without reading it back, and predicts as the stored model does', async () => {
    const lines = HISTORY.flatMap((h, i) =>
      [0, 1, 2, 3].map((k) =>
        JSON.stringify({
          externalId: `swap-${i}-${k}`,
          subject: h.subject,
          description: h.description,
          type: 'incident',
          category: h.category,
          impact: 'medium',
          urgency: 'medium',
          requesterEmail: `swap${i}@example.com`,
          createdAt: `2025-03-0${k + 1}T08:00:00+08:00`,
          events: [{ at: `2025-03-0${k + 1}T09:00:00+08:00`, kind: 'status', status: 'resolved' }],
        }),
      ),
    );
    const imported = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/import/tickets',
      headers: { ...admin.headers, 'content-type': 'application/x-ndjson' },
      payload: lines.join('\n'),
    });
    expect(imported.json().created).toBe(lines.length);
    const trained = await trainTriage({ db: ctx.database.db, actor: null });
    expect(trained.modelId).not.toBeNull();
    const stored = (
      await ctx.database.db.execute<{ model: TriageModel }>(
        sql`select model from triage_models where id = ${trained.modelId}`,
      )
    ).rows[0]?.model;
    // Not read back: the row's model emptied behind the process's back (before anything asked for
    // the model) does not change the one in use, which is what the database held.
    await ctx.database.db.execute(
      sql`update triage_models set model = '{}'::jsonb where id = ${trained.modelId}`,
    );
    const inUse = await latestModel(ctx.database.db);
    expect(inUse?.id).toBe(trained.modelId);
    expect(inUse?.model).toEqual(stored);
    // The same numbers, the same predictions.
    for (const h of [...HISTORY, { subject: 'VPN 报错', description: '打印机' }]) {
      const terms = ticketTerms(h.subject, h.description);
      for (const field of ['category', 'priority', 'team'] as const)
        expect(predict(inUse?.model[field] as TriageModel[typeof field], terms)).toEqual(
          predict(stored?.[field] as TriageModel[typeof field], terms),
        );
    }
  });

  it('is loaded ahead of use when another process stored it (start-up preload)', async () => {
    // This process's newest model (the one above was emptied in the database).
    const newest = await trainTriage({ db: ctx.database.db, actor: null });
    expect(newest.modelId).not.toBeNull();
    // A model "another process" stored: a copy of the newest row under a new id.
    const copied = (
      await ctx.database.db.execute<{ id: number }>(
        sql`insert into triage_models (model, trained_at, sample_count)
            select model, trained_at, sample_count from triage_models where id = ${newest.modelId}
            returning id`,
      )
    ).rows[0];
    const stored = (
      await ctx.database.db.execute<{ model: TriageModel }>(
        sql`select model from triage_models where id = ${copied?.id}`,
      )
    ).rows[0]?.model;
    expect(await preloadModel(ctx.database.db)).toBe(true);
    await ctx.database.db.execute(sql`update triage_models set model = '{}'::jsonb where id = ${copied?.id}`);
    const inUse = await latestModel(ctx.database.db);
    expect(inUse?.id).toBe(copied?.id);
    expect(inUse?.model).toEqual(stored);
  });
});
