import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TicketDto, TimelineEventDto } from '../../../../contracts/tickets.ts';
import type {
  ProblemCandidateDto,
  TriageQualityDto,
  TriageSuggestion,
} from '../../../../contracts/triage.ts';
import { buildTicket, buildUser } from '../../../test/factories.ts';
import { buildArticle } from '../../../test/factories-knowledge.ts';
import { json, setupTestApp } from '../../../test/harness.ts';
import { applyTriage } from './apply-triage.ts';
import { predict } from './classifier.ts';
import {
  CORRECTION_WEIGHT,
  ticketTerms,
  trainFromHistory,
  trainFromHistoryInThread,
  trainTriage,
} from './train-triage.ts';

const ctx = await setupTestApp();
const api = (path: string) => `/api/v1${path}`;
const admin = await buildUser(ctx, { role: 'admin' });

const HISTORY = [
  {
    subject: 'VPN 连接失败 809',
    description: '在家用 AnyConnect 连接公司 VPN 报错 809',
    category: '网络/VPN',
    team: '网络组',
    impact: 'medium',
    urgency: 'medium',
  },
  {
    subject: 'VPN keeps disconnecting',
    description: 'AnyConnect VPN drops every few minutes from home',
    category: '网络/VPN',
    team: '网络组',
    impact: 'medium',
    urgency: 'medium',
  },
  {
    subject: '远程 VPN 无法访问内网',
    description: 'VPN 登录后 OA 打不开',
    category: '网络/VPN',
    team: '网络组',
    impact: 'medium',
    urgency: 'medium',
  },
  {
    subject: '打印机卡纸',
    description: '三楼 HP 打印机一直卡纸',
    category: '硬件/打印机',
    team: '桌面支持',
    impact: 'low',
    urgency: 'low',
  },
  {
    subject: 'Printer jammed',
    description: 'The HP printer on floor 3 keeps jamming paper',
    category: '硬件/打印机',
    team: '桌面支持',
    impact: 'low',
    urgency: 'low',
  },
  {
    subject: '打印机脱机无法打印',
    description: 'HP 打印机显示脱机，打印任务排队',
    category: '硬件/打印机',
    team: '桌面支持',
    impact: 'low',
    urgency: 'low',
  },
];

async function importHistory(prefix: string) {
  const lines = HISTORY.flatMap((h, i) =>
    [0, 1, 2].map((k) =>
      JSON.stringify({
        externalId: `${prefix}-${i}-${k}`,
        subject: h.subject,
        description: h.description,
        type: 'incident',
        category: h.category,
        impact: h.impact,
        urgency: h.urgency,
        requesterEmail: `history${i}@example.com`,
        createdAt: `2025-03-0${k + 1}T08:00:00+08:00`,
        events: [
          { at: `2025-03-0${k + 1}T08:10:00+08:00`, kind: 'assign', team: h.team },
          { at: `2025-03-0${k + 1}T09:00:00+08:00`, kind: 'status', status: 'resolved' },
        ],
      }),
    ),
  );
  const response = await ctx.app.inject({
    method: 'POST',
    url: api('/import/tickets'),
    headers: { ...admin.headers, 'content-type': 'application/x-ndjson' },
    payload: lines.join('\n'),
  });
  expect(response.json().created).toBe(lines.length);
}

describe('automatic triage', () => {
  it('suggests nothing before training, and only administrators train', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const before = await ctx.app.inject({
      method: 'POST',
      url: api('/triage/suggest'),
      headers: agent.headers,
      payload: { subject: 'VPN 报错 809', description: '连不上' },
    });
    expect(before.statusCode).toBe(200);
    expect(json<TriageSuggestion>(before)).toMatchObject({ category: null, teamId: null, confidence: 0 });
    const denied = await ctx.app.inject({
      method: 'POST',
      url: api('/triage/train'),
      headers: agent.headers,
    });
    expect(denied.statusCode).toBe(403);
  });

  it('learns category, team and priority from imported resolved history', async () => {
    await importHistory('learn');
    const train = await ctx.app.inject({ method: 'POST', url: api('/triage/train'), headers: admin.headers });
    expect(train.statusCode).toBe(200);
    expect(train.json().samples).toBeGreaterThanOrEqual(HISTORY.length * 3);
    const teams = (await ctx.app.inject({ url: api('/teams'), headers: admin.headers })).json().items as {
      id: number;
      name: string;
    }[];
    const suggest = async (subject: string, description: string) =>
      json<TriageSuggestion>(
        await ctx.app.inject({
          method: 'POST',
          url: api('/triage/suggest'),
          headers: admin.headers,
          payload: { subject, description },
        }),
      );
    const vpn = await suggest('AnyConnect VPN 报错 809', '在家连不上公司 VPN');
    expect(vpn.category).toBe('网络/VPN');
    expect(vpn.teamId).toBe(teams.find((t) => t.name === '网络组')?.id);
    expect(vpn.priority).toBe('P3');
    expect(vpn.confidence).toBeGreaterThan(0.4);
    const printer = await suggest('Printer offline', 'HP printer on floor 3 shows offline, jobs queue');
    expect(printer.category).toBe('硬件/打印机');
    expect(printer.priority).toBe('P4');
  });

  it('applies confident suggestions to a new ticket and says so in the timeline, for staff only', async () => {
    await importHistory('apply');
    await ctx.app.inject({ method: 'POST', url: api('/triage/train'), headers: admin.headers });
    await ctx.app.inject({
      method: 'PATCH',
      url: api('/triage/settings'),
      headers: admin.headers,
      payload: { autoApplyThreshold: 0.3 },
    });
    const requester = await buildUser(ctx);
    const ticket = await buildTicket(ctx, requester, {
      subject: 'VPN 连接失败',
      description: 'AnyConnect 提示 809，在家无法连接 VPN',
      impact: 'medium',
      urgency: 'medium',
    });
    await ctx.database.db.transaction((tx) => applyTriage({ tx, ticketId: ticket.id, now: new Date() }));
    const after = json<TicketDto>(
      await ctx.app.inject({ url: api(`/tickets/${ticket.id}`), headers: admin.headers }),
    );
    expect(after.category).toBe('网络/VPN');
    expect(after.team?.name).toBe('网络组');
    const timeline = await ctx.app.inject({
      url: api(`/tickets/${ticket.id}/timeline`),
      headers: admin.headers,
    });
    const applied = json<{ items: TimelineEventDto[] }>(timeline).items.find(
      (e) => e.kind === 'triage.applied',
    );
    expect(applied?.data).toMatchObject({ applied: { category: '网络/VPN' } });
    const requesterTimeline = await ctx.app.inject({
      url: api(`/tickets/${ticket.id}/timeline`),
      headers: requester.headers,
    });
    expect(json<{ items: TimelineEventDto[] }>(requesterTimeline).items.map((e) => e.kind)).not.toContain(
      'triage.applied',
    );
  });

  it('shows per-field accuracy on held-out recent history to administrators; a scheduled retraining waits for growth', async () => {
    await importHistory('quality');
    const agent = await buildUser(ctx, { role: 'agent' });
    expect((await ctx.app.inject({ url: api('/triage/quality'), headers: agent.headers })).statusCode).toBe(
      403,
    );
    const trained = await ctx.app.inject({
      method: 'POST',
      url: api('/triage/train'),
      headers: admin.headers,
    });
    const quality = json<TriageQualityDto>(
      await ctx.app.inject({ url: api('/triage/quality'), headers: admin.headers }),
    );
    expect(quality.model?.id).toBe(trained.json().modelId);
    expect(quality.model?.samples).toBe(trained.json().samples);
    const category = quality.model?.fields.category;
    expect(category?.heldOutSamples).toBeGreaterThan(0);
    expect(category?.accuracy).toBeGreaterThanOrEqual(0);
    expect(category?.accuracy).toBeLessThanOrEqual(1);
    // Nothing new resolved since: the scheduled job keeps the model in use.
    const scheduled = await trainTriage({ db: ctx.database.db, actor: null, scheduled: true });
    expect(scheduled.modelId).toBeNull();
    const still = json<TriageQualityDto>(
      await ctx.app.inject({ url: api('/triage/quality'), headers: admin.headers }),
    );
    expect(still.model?.id).toBe(quality.model?.id);
  });

  it("counts an agent changing an applied field as the suggestion's error and weighs it more", () => {
    const row = (
      subject: string,
      category: string,
      applied: { category?: string; priority?: string } | null,
    ) => ({
      subject,
      description: '',
      category,
      priority: 'p3',
      team_id: 1,
      applied,
    });
    const rows = [
      row('VPN 断开', '网络/VPN', { category: '网络/VPN' }),
      row('VPN 连不上', '网络/VPN', { category: '硬件/打印机', priority: 'p3' }),
      row('打印机卡纸', '硬件/打印机', null),
    ];
    const { model } = trainFromHistory(rows);
    expect(model.quality?.category).toMatchObject({ applied: 2, corrected: 1, errorRate: 0.5 });
    expect(model.quality?.priority).toMatchObject({ applied: 1, corrected: 0, errorRate: 0 });
    expect(model.quality?.team).toMatchObject({ applied: 0, corrected: 0, errorRate: null });
    // The corrected ticket counts CORRECTION_WEIGHT times: a model of just it and an ordinary one leans its way.
    const lean = trainFromHistory([
      row('Adobe 授权', '软件/授权', { category: '账号/权限' }),
      row('Adobe 授权', '账号/权限', null),
    ]).model.category;
    expect(CORRECTION_WEIGHT).toBeGreaterThan(1);
    expect(predict(lean, ticketTerms('Adobe 授权', ''))?.label).toBe('软件/授权');
  });

  it("trains in a thread of its own to the same model as on the process's thread", async () => {
    const rows = Array.from({ length: 120 }, (_, i) => ({
      subject: ['VPN 连不上', '打印机卡纸', 'Outlook cannot sync', '账号被锁定'][i % 4] ?? '',
      description: `第 ${i} 次 case ${i % 7}`,
      category: ['网络/VPN', '硬件/打印机', '软件/邮件', '账号/权限'][i % 4] ?? null,
      priority: ['p2', 'p3'][i % 2] ?? 'p3',
      team_id: (i % 3) + 1,
      error_code: i % 5 === 0 ? 'E42' : null,
    }));
    // The nice value of each of this process's threads (field 19 of /proc/self/task/TID/stat),
    // watched while the training thread runs: it trains at nice 10, nothing else moves.
    const niceOf = (stat: string) => Number(stat.split(') ')[1]?.split(' ')[16]);
    const ownNice = niceOf(readFileSync('/proc/thread-self/stat', 'utf8'));
    const seen = new Set<number>();
    const watch = setInterval(() => {
      for (const task of readdirSync('/proc/self/task')) {
        try {
          seen.add(niceOf(readFileSync(`/proc/self/task/${task}/stat`, 'utf8')));
        } catch {
          // the thread ended meanwhile
        }
      }
    }, 1);
    const inThread = await trainFromHistoryInThread(rows).finally(() => clearInterval(watch));
    const here = trainFromHistory(rows);
    expect(inThread.json).toBe(JSON.stringify(here.model));
    expect(inThread.counts).toEqual(here.counts);
    expect(seen).toContain(10);
    expect(niceOf(readFileSync('/proc/thread-self/stat', 'utf8'))).toBe(ownNice);
  });

  it('leaves fields alone below the threshold', async () => {
    await ctx.app.inject({
      method: 'PATCH',
      url: api('/triage/settings'),
      headers: admin.headers,
      payload: { autoApplyThreshold: 1 },
    });
    const requester = await buildUser(ctx);
    const ticket = await buildTicket(ctx, requester, {
      subject: 'VPN 连接失败',
      description: 'AnyConnect 809',
    });
    await ctx.database.db.transaction((tx) => applyTriage({ tx, ticketId: ticket.id, now: new Date() }));
    const after = json<TicketDto>(
      await ctx.app.inject({ url: api(`/tickets/${ticket.id}`), headers: admin.headers }),
    );
    expect(after.category).toBeNull();
    expect(after.team).toBeNull();
  });

  it('answers a standard request with its self-help guide in the first reply', async () => {
    const lead = await buildUser(ctx, { role: 'lead' });
    await buildArticle(ctx, lead, {
      title: '重置域账号密码',
      problem: '忘记域账号密码或密码过期。',
      solution: '访问 https://passwd.example.com ，验证手机号后设置新密码。',
      tags: ['self-service'],
      category: '账号/密码',
    });
    const requester = await buildUser(ctx);
    const ticket = await buildTicket(ctx, requester, {
      subject: '忘记密码了，需要重置域账号密码',
      description: '早上登录电脑提示密码过期',
      type: 'service_request',
    });
    await ctx.database.db.transaction((tx) => applyTriage({ tx, ticketId: ticket.id, now: new Date() }));
    const messages = await ctx.app.inject({
      url: api(`/tickets/${ticket.id}/messages`),
      headers: requester.headers,
    });
    const bodies = messages.json().items.map((m: { body: string }) => m.body) as string[];
    expect(bodies.some((b) => b.includes('passwd.example.com') && b.includes('重置域账号密码'))).toBe(true);
    const other = await buildTicket(ctx, requester, {
      subject: '投影仪没有信号',
      description: '会议室投影仪黑屏',
    });
    await ctx.database.db.transaction((tx) => applyTriage({ tx, ticketId: other.id, now: new Date() }));
    const none = await ctx.app.inject({
      url: api(`/tickets/${other.id}/messages`),
      headers: requester.headers,
    });
    expect(none.json().items).toEqual([]);
  });
});

describe('duplicates and recurring incidents', () => {
  it('shows open tickets of the same requester as possible duplicates on intake', async () => {
    const requester = await buildUser(ctx);
    const stranger = await buildUser(ctx);
    const first = await buildTicket(ctx, requester, {
      subject: '钉钉消息收不到',
      description: '手机钉钉 DT-3301 推送失败',
    });
    const suggestion = json<TriageSuggestion>(
      await ctx.app.inject({
        method: 'POST',
        url: api('/triage/suggest'),
        headers: requester.headers,
        payload: { subject: '钉钉收不到消息', description: '推送一直失败 DT-3301' },
      }),
    );
    expect(suggestion.possibleDuplicates[0]).toMatchObject({ id: first.id, reason: 'same_requester' });
    const strangerView = json<TriageSuggestion>(
      await ctx.app.inject({
        method: 'POST',
        url: api('/triage/suggest'),
        headers: stranger.headers,
        payload: { subject: '钉钉收不到消息', description: '推送一直失败 DT-3301' },
      }),
    );
    expect(strangerView.possibleDuplicates).toEqual([]);
  });

  it('proposes a problem candidate when similar incidents recur, listed for the team lead', async () => {
    await ctx.app.inject({
      method: 'PATCH',
      url: api('/triage/settings'),
      headers: admin.headers,
      payload: { recurringCount: 3, recurringDays: 7 },
    });
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const requester = await buildUser(ctx);
      const ticket = await buildTicket(ctx, requester, {
        subject: `共享盘 \\\\fs02 无法访问 ${i}`,
        description: '映射的 Z 盘提示 FS02-ERR-53 网络路径找不到',
      });
      ids.push(ticket.id);
      await ctx.database.db.transaction((tx) => applyTriage({ tx, ticketId: ticket.id, now: new Date() }));
    }
    const lead = await buildUser(ctx, { role: 'lead' });
    const list = await ctx.app.inject({ url: api('/triage/problem-candidates'), headers: lead.headers });
    expect(list.statusCode).toBe(200);
    const candidate = json<{ items: ProblemCandidateDto[] }>(list).items.find((c) =>
      c.tickets.some((t) => t.id === ids[2]),
    );
    expect(candidate?.tickets.map((t) => t.id).sort()).toEqual([...ids].sort());
    // The proposal names what the tickets share.
    expect(candidate?.sharedFields.codes).toContain('fs02-err-53');
    expect(candidate?.sharedFields.hosts).toContain('fs02');
    const agent = await buildUser(ctx, { role: 'agent' });
    expect(
      (await ctx.app.inject({ url: api('/triage/problem-candidates'), headers: agent.headers })).statusCode,
    ).toBe(403);
  });
});

describe('similar tickets', () => {
  it('lists similar past tickets for an agent, without the ticket itself', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const requester = await buildUser(ctx);
    const old = await buildTicket(ctx, requester, {
      subject: 'SAP 交易 ME21N 报错',
      description: '创建采购订单时提示 ME21N-0042',
    });
    const fresh = await buildTicket(ctx, requester, {
      subject: 'ME21N 创建采购订单报错',
      description: '错误 ME21N-0042',
    });
    const response = await ctx.app.inject({
      url: api(`/tickets/${fresh.id}/similar?limit=5`),
      headers: agent.headers,
    });
    expect(response.statusCode).toBe(200);
    const items = response.json().items as { id: number; number: number; status: string }[];
    expect(items[0]).toMatchObject({ id: old.id, number: old.number, status: 'new' });
    expect(items.map((i) => i.id)).not.toContain(fresh.id);
  });
});
