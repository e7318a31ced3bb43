import { sql } from 'drizzle-orm';
import pg from 'pg';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import type { ProblemCandidateDto, TriageSettingsDto } from '../../../../contracts/triage.ts';
import { buildTicket, buildUser } from '../../../test/factories.ts';
import { json, setupTestApp } from '../../../test/harness.ts';
import {
  describingConcepts,
  describingTermsOf,
  findIndexedDocuments,
  rankTickets,
  scoreTicketsThemselves,
} from '../search/index.ts';
import { applyTriageBatchJob } from './apply-triage.ts';
import { loadSettings } from './model-store.ts';
import {
  groupNearIdentical,
  RANKING_REUSE_MS,
  type RecurringIncidents,
  recordProblemCandidate,
  recordProblemCandidates,
  recurringIncidents,
  recurringIncidentsOf,
  recurringRankings,
  setExtraWordLimits,
} from './problem-candidates.ts';

const ctx = await setupTestApp();
const api = (path: string) => `/api/v1${path}`;
const admin = await buildUser(ctx, { role: 'admin' });
const silent = { warn() {}, error() {}, info() {}, debug() {} } as never;

/** The proposals a list of recurring incidents makes, merged as recordProblemCandidate merges them. */
function proposals(found: readonly RecurringIncidents[]): number[][] {
  const open: Set<number>[] = [];
  for (const incident of found) {
    const shared = open.find((p) => incident.group.some((id) => p.has(id)));
    if (shared) for (const id of incident.group) shared.add(id);
    else open.push(new Set(incident.group));
  }
  return open.map((p) => [...p].sort((a, b) => a - b)).sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
}

/** What ranking each incident alone finds (the path of a lone ticket, and of every ticket before). */
function eachAlone(
  ids: readonly number[],
  now: Date,
  settings: TriageSettingsDto,
): Promise<RecurringIncidents[]> {
  return ctx.database.db.transaction(async (tx) => {
    const found: RecurringIncidents[] = [];
    for (const ticketId of ids) {
      const one = await recurringIncidents({ tx, ticketId, now, settings });
      if (one) found.push(one);
    }
    return found;
  });
}

/** Three similar incidents within a week make a proposal. */
async function proposeFromThree(): Promise<void> {
  const response = await ctx.app.inject({
    method: 'PATCH',
    url: api('/triage/settings'),
    headers: admin.headers,
    payload: { recurringCount: 3, recurringDays: 7 },
  });
  expect(response.statusCode).toBe(200);
}

describe('recurring incidents of a batch (issue 18)', () => {
  it('gives a storm of one fault the proposal that ranking each ticket alone gives, and keeps another fault apart', async () => {
    await proposeFromThree();
    const requester = await buildUser(ctx);
    const storm: TicketDto[] = [];
    const other: TicketDto[] = [];
    const noise: TicketDto[] = [];
    // Interleaved, as a burst's batch holds them: eight reports of a jammed printer, four of a
    // VPN gateway, two unrelated tickets.
    for (let i = 0; i < 8; i++) {
      storm.push(
        await buildTicket(ctx, requester, {
          subject: `三楼打印机 PRN-88 卡纸无法打印 ${7100 + i}`,
          description: '打印机 PRN-88 一直提示卡纸，取出纸张后仍然无法打印',
        }),
      );
      if (i % 2 === 0)
        other.push(
          await buildTicket(ctx, requester, {
            subject: `VPN gateway vpn-gw3 drops the tunnel ${8200 + i}`,
            description: 'The VPN tunnel to vpn-gw3 disconnects after a minute, reconnect times out',
          }),
        );
    }
    noise.push(
      await buildTicket(ctx, requester, { subject: '申请一台新显示器', description: '旧显示器有坏点' }),
      await buildTicket(ctx, requester, { subject: 'Excel 宏无法运行', description: '宏被安全策略禁用' }),
    );
    const ids = [...storm, ...other, ...noise].map((t) => t.id).sort((a, b) => a - b);
    const settings = await ctx.database.db.transaction((tx) => loadSettings(tx));
    const now = new Date();

    // What ranking each ticket alone (the path of a lone ticket, and of every ticket before) finds.
    const alone: RecurringIncidents[] = [];
    const groups = await ctx.database.db.transaction(async (tx) => {
      const docs = await findIndexedDocuments(tx, 'ticket', ids);
      const incidents = [];
      for (const id of ids) {
        const doc = docs.get(id);
        if (doc)
          incidents.push({ id, title: doc.title, teamId: null, concepts: await describingConcepts(tx, doc) });
      }
      return (await groupNearIdentical(tx, incidents)).map((g) => g.map((i) => i.id).sort((a, b) => a - b));
    });
    // Each storm is ranked once (the texts differ only in their numbers); each other ticket alone.
    expect(groups).toContainEqual(storm.map((t) => t.id).sort((a, b) => a - b));
    expect(groups).toContainEqual(other.map((t) => t.id).sort((a, b) => a - b));
    expect(groups).toHaveLength(4);
    // The same groups whatever the order of a member's concepts: a storm's words are near-tied in
    // weight, and their order by weight changes between batches while the words stay the same.
    const reordered = await ctx.database.db.transaction(async (tx) => {
      const docs = await findIndexedDocuments(tx, 'ticket', ids);
      const incidents = [];
      for (const [n, id] of ids.entries()) {
        const doc = docs.get(id);
        if (!doc) continue;
        const concepts = await describingConcepts(tx, doc);
        incidents.push({
          id,
          title: doc.title,
          teamId: null,
          concepts: n % 2 ? concepts.reverse() : concepts,
        });
      }
      return (await groupNearIdentical(tx, incidents)).map((g) => g.map((i) => i.id).sort((a, b) => a - b));
    });
    expect(reordered).toEqual(groups);
    const together = await ctx.database.db.transaction(async (tx) => {
      for (const ticketId of ids) {
        const found = await recurringIncidents({ tx, ticketId, now, settings });
        if (found) alone.push(found);
      }
      return recurringIncidentsOf({ tx, ticketIds: ids, now, settings });
    });
    const stormIds = storm.map((t) => t.id).sort((a, b) => a - b);
    const otherIds = other.map((t) => t.id).sort((a, b) => a - b);
    expect(proposals(alone)).toEqual([stormIds, otherIds]);
    expect(proposals(together)).toEqual(proposals(alone));
    // Every incident of both storms recurs, on its own row; the unrelated ones do not.
    expect(together.map((f) => f.ticketId).sort((a, b) => a - b)).toEqual(
      [...stormIds, ...otherIds].sort((a, b) => a - b),
    );

    // The batch job proposes the same two problems, one per fault.
    await applyTriageBatchJob.run({ ticketIds: ids }, { db: ctx.database.db, logger: silent, now });
    const lead = await buildUser(ctx, { role: 'lead' });
    const list = json<{ items: ProblemCandidateDto[] }>(
      await ctx.app.inject({ url: api('/triage/problem-candidates'), headers: lead.headers }),
    );
    const proposed = list.items
      .filter((c) => c.status === 'proposed')
      .map((c) => c.tickets.map((t) => t.id).sort((a, b) => a - b))
      .sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
    expect(proposed).toEqual([stormIds, otherIds]);
  });
});

describe('a storm across batches (issue 18)', () => {
  it('ranks a group once for the batches that follow within seconds, with the proposal ranking each ticket alone gives', async () => {
    await proposeFromThree();
    const requester = await buildUser(ctx);
    const storm: TicketDto[] = [];
    for (let i = 0; i < 9; i++)
      storm.push(
        await buildTicket(ctx, requester, {
          subject: `邮件服务器 MX-7 退信 550 ${9300 + i}`,
          description: '发往外部的邮件都被 MX-7 退回，错误 550 relay denied',
        }),
      );
    const unrelated = await buildTicket(ctx, requester, {
      subject: '会议室投影仪没有信号',
      description: 'HDMI 线换过了',
    });
    const ids = storm.map((t) => t.id).sort((a, b) => a - b);
    const settings = await ctx.database.db.transaction((tx) => loadSettings(tx));
    const now = new Date();
    const alone = await eachAlone([...ids, unrelated.id], now, settings);
    expect(proposals(alone)).toEqual([ids]);

    // Three batches, as a burst's follow-ups ask for them: the storm's group is ranked by the
    // first and taken by the other two; the lone ticket is ranked on its own.
    recurringRankings.clear();
    // Wide enough that a slow machine cannot let the window pass between two batches here.
    recurringRankings.reuseMs = 600_000;
    onTestFinished(() => {
      recurringRankings.reuseMs = RANKING_REUSE_MS;
    });
    const before = { ...recurringRankings.stats };
    const batches = [ids.slice(0, 3), [...ids.slice(3, 6), unrelated.id], ids.slice(6)];
    const found: RecurringIncidents[] = [];
    for (const batch of batches)
      found.push(
        ...(await ctx.database.db.transaction((tx) =>
          recurringIncidentsOf({ tx, ticketIds: batch, now, settings }),
        )),
      );
    expect(recurringRankings.stats.ranked - before.ranked).toBe(2);
    expect(recurringRankings.stats.reused - before.reused).toBe(2);
    expect(proposals(found)).toEqual(proposals(alone));
    expect(found.map((f) => f.ticketId).sort((a, b) => a - b)).toEqual(ids);

    // Another window (the administrator's setting) is another ranking, never the one kept.
    const wider = { ...settings, recurringDays: settings.recurringDays + 1 };
    await ctx.database.db.transaction((tx) =>
      recurringIncidentsOf({ tx, ticketIds: ids.slice(0, 3), now, settings: wider }),
    );
    expect(recurringRankings.stats.ranked - before.ranked).toBe(3);

    // The batch jobs write that one proposal.
    for (const batch of batches)
      await applyTriageBatchJob.run({ ticketIds: batch }, { db: ctx.database.db, logger: silent, now });
    const lead = await buildUser(ctx, { role: 'lead' });
    const list = json<{ items: ProblemCandidateDto[] }>(
      await ctx.app.inject({ url: api('/triage/problem-candidates'), headers: lead.headers }),
    );
    const proposed = list.items
      .filter((c) => c.status === 'proposed' && c.tickets.some((t) => ids.includes(t.id)))
      .map((c) => c.tickets.map((t) => t.id).sort((a, b) => a - b));
    expect(proposed).toEqual([ids]);
  });
});

describe('the frequencies a batch of recurring incidents reads (issue 18)', () => {
  it('reads the ticket corpus once for the grouping and every ranking, with the same proposals', async () => {
    await proposeFromThree();
    const requester = await buildUser(ctx);
    const tickets: TicketDto[] = [];
    for (let i = 0; i < 4; i++)
      tickets.push(
        await buildTicket(ctx, requester, {
          subject: `财务系统 FIN-77 凭证无法保存 ${6400 + i}`,
          description: '保存凭证时 FIN-77 报错，重启客户端也不行',
        }),
        await buildTicket(ctx, requester, {
          subject: `Wi-Fi access point ap-12 keeps rebooting ${6500 + i}`,
          description: 'The access point ap-12 on floor two reboots every few minutes',
        }),
      );
    const ids = tickets.map((t) => t.id).sort((a, b) => a - b);
    const settings = await ctx.database.db.transaction((tx) => loadSettings(tx));
    const now = new Date();
    const alone = await eachAlone(ids, now, settings);
    expect(proposals(alone)).toHaveLength(2);
    recurringRankings.clear();
    let reads = 0;
    const found = await ctx.database.db.transaction((tx) => {
      // The statements that read the term frequencies (search_term_deltas: the frequencies'
      // read, and nothing else of this step's, names it).
      const counting = new Proxy(tx, {
        get(target, property) {
          const value = Reflect.get(target, property, target);
          if (property !== 'execute' || typeof value !== 'function') return value;
          return (query: Parameters<typeof tx.execute>[0]) => {
            const text = (query as unknown as { queryChunks: unknown[] }).queryChunks
              .map((chunk) => (chunk as { value?: unknown }).value)
              .join(' ');
            if (text.includes('search_term_deltas')) reads += 1;
            return value.call(target, query);
          };
        },
      });
      return recurringIncidentsOf({ tx: counting, ticketIds: ids, now, settings });
    });
    expect(proposals(found)).toEqual(proposals(alone));
    // The corpus' size and the texts' frequencies: two reads for two groups, each ranked twice
    // (its similar incidents and its members' own scores), where each grouping and ranking read them again.
    expect(reads).toBe(2);
  });
});

describe("writing a batch's proposals (issue 18)", () => {
  it('leaves the proposals and events that recording each incident in turn leaves', async () => {
    const requester = await buildUser(ctx);
    const make = async (subject: string) => (await buildTicket(ctx, requester, { subject })).id;
    const a = [
      await make('共享盘 S: 无法访问 1'),
      await make('共享盘 S: 无法访问 2'),
      await make('共享盘 S: 无法访问 3'),
    ];
    const b = [await make('门禁卡失效 1'), await make('门禁卡失效 2'), await make('门禁卡失效 3')];
    const c = [await make('打印队列卡住 1'), await make('打印队列卡住 2')];
    const now = new Date();
    // An open proposal that the first storm joins; a second storm that makes one, and a third
    // incident group that joins it through a shared ticket.
    await ctx.database.db.execute(sql`
      insert into problem_candidates (title, team_id, ticket_ids, created_at, updated_at)
      values ('共享盘', null, ${sql.param([a[0]])}::bigint[], ${now}, ${now})`);
    const found: RecurringIncidents[] = [
      { ticketId: a[1] ?? 0, title: '共享盘 2', teamId: null, group: [a[1] ?? 0, a[0] ?? 0, a[2] ?? 0] },
      { ticketId: b[0] ?? 0, title: '门禁卡 1', teamId: null, group: [b[0] ?? 0, b[1] ?? 0, b[2] ?? 0] },
      { ticketId: a[2] ?? 0, title: '共享盘 3', teamId: null, group: [a[2] ?? 0, a[1] ?? 0] },
      { ticketId: c[0] ?? 0, title: '打印 1', teamId: null, group: [c[0] ?? 0, c[1] ?? 0, b[2] ?? 0] },
      { ticketId: c[1] ?? 0, title: '打印 2', teamId: null, group: [c[1] ?? 0, c[0] ?? 0] },
    ];
    const everyTicket = [...a, ...b, ...c];
    /** What the proposals and their events look like afterwards, with the new ids numbered in order. */
    const outcome = async (record: (tx: Parameters<typeof recordProblemCandidate>[0]) => Promise<void>) => {
      let result: unknown;
      await ctx.database.db
        .transaction(async (tx) => {
          await record(tx);
          const candidates = await tx.execute<{ id: number; title: string; ticket_ids: number[] }>(sql`
            select id, title, ticket_ids from problem_candidates
             where ticket_ids && ${sql.param(everyTicket)}::bigint[] order by id`);
          const events = await tx.execute<{ ticket_id: number; entity_id: number; data: unknown }>(sql`
            select ticket_id, entity_id, data from audit_events
             where kind = 'problem.candidate_proposed' and ticket_id = any(${sql.param(everyTicket)}::bigint[])
             order by id`);
          const names = new Map(candidates.rows.map((r, i) => [Number(r.id), i]));
          const name = (id: number) => names.get(Number(id));
          result = {
            candidates: candidates.rows.map((r) => ({
              ...r,
              id: name(r.id),
              ticket_ids: r.ticket_ids.map(Number),
            })),
            events: events.rows.map((e) => ({
              ...e,
              entity_id: name(e.entity_id),
              data: {
                ...(e.data as object),
                candidateId: name((e.data as { candidateId: number }).candidateId),
              },
            })),
          };
          throw new Error('rolled back');
        })
        .catch((error: Error) => {
          if (error.message !== 'rolled back') throw error;
        });
      return result;
    };
    const oneByOne = await outcome(async (tx) => {
      for (const incident of found) await recordProblemCandidate(tx, incident, now);
    });
    const together = await outcome(async (tx) => {
      await recordProblemCandidates(tx, found, now);
    });
    expect(together).toEqual(oneByOne);
    // Two proposals: the open one joined by the first storm, one made for the second storm and
    // joined by the third group; five events.
    const { candidates, events } = oneByOne as { candidates: { ticket_ids: number[] }[]; events: unknown[] };
    expect(candidates.map((p) => p.ticket_ids)).toEqual([
      [a[0], a[1], a[2]],
      [b[0], b[1], b[2], c[0], c[1]],
    ]);
    expect(events).toHaveLength(5);
  });
});

describe("a group's own scores (issue 18)", () => {
  it("are read from the members' term vectors in one statement, each the score that ranking it alone gives", async () => {
    await proposeFromThree();
    const requester = await buildUser(ctx);
    const tickets: TicketDto[] = [];
    for (let i = 0; i < 3; i++)
      tickets.push(
        await buildTicket(ctx, requester, {
          subject: `邮件网关 MX-5 退信 ${9100 + i}`,
          description: `发往外部的邮件经 MX-5 全部退信，提示 550${' 重试'.repeat(i)}`,
        }),
      );
    const ids = tickets.map((t) => t.id);
    const { scores, ranked } = await ctx.database.db.transaction(async (tx) => {
      const docs = await findIndexedDocuments(tx, 'ticket', ids);
      const texts = ids.map((id) => docs.get(id) ?? { title: '', body: '' });
      const described = await describingTermsOf(tx, texts);
      const incidents = ids.map((id, i) => ({ id, concepts: described.concepts[i] ?? [] }));
      const sent = vi.spyOn(pg.Client.prototype, 'query');
      onTestFinished(() => sent.mockRestore());
      const scores = await scoreTicketsThemselves(tx, incidents, described);
      // What the transaction's own connection was sent (other connections' background statements
      // can arrive in between): the vectors' read, and nothing else.
      const calls = sent.mock.calls.map(([config], i) => ({
        text: typeof config === 'string' ? config : (config as { text: string }).text,
        client: sent.mock.contexts[i],
      }));
      sent.mockRestore();
      const read = calls.find((c) => c.text.includes('d.source_id = any('));
      expect(calls.filter((c) => c.client === read?.client)).toHaveLength(1);
      // Each alone: the ranking of its own document by its own concepts, in SQL.
      const ranked = new Map<number, number>();
      for (const { id, concepts } of incidents) {
        const [self] = await rankTickets(tx, {
          concepts,
          filter: sql`d.source_id = ${id}`,
          limit: 1,
          withSnippets: false,
          known: described,
        });
        if (self) ranked.set(id, self.score);
      }
      return { scores, ranked };
    });
    expect(ranked.size).toBe(3);
    expect(scores).toEqual(ranked);
    // The three texts differ in length, and so in score.
    expect(new Set(scores.values()).size).toBe(3);
  });
});

describe('a storm whose numbers earlier tickets carry too (issue 18)', () => {
  it('is ranked once, each member scored exactly against the tickets holding its number', async () => {
    await proposeFromThree();
    // A storm here is a dozen tickets, not the hundreds of a desk's: its words count as common
    // from 4 tickets on.
    const limits = setExtraWordLimits({ maxDf: 3, budget: 10, groupBudget: 100 });
    onTestFinished(() => {
      setExtraWordLimits(limits);
    });
    const requester = await buildUser(ctx);
    const gateway = (n: number) => ({
      subject: `邮件网关 GW-5 队列积压 ${n}`,
      description: '外发邮件在 GW-5 的队列中积压，投递延迟超过一小时',
    });
    // The desk's other requests (a storm's words are rare in a desk's tickets).
    const topics = [
      '申请开通 CRM 权限',
      '会议室投影仪没有信号',
      'Outlook 无法同步日历',
      '新员工入职需要笔记本',
    ];
    for (let i = 0; i < 40; i++)
      await buildTicket(ctx, requester, {
        subject: topics[i % topics.length],
        description: '请尽快处理，谢谢',
        type: 'service_request',
      });
    // Yesterday's storm, with the same numbers; reports of the queue without its last words; and
    // one of those naming a number. Each of today's storm finds the other eleven of both storms,
    // then those reports: the one naming its number first. The first twelve count (recurringCount
    // x 4), so that report is among them for one incident only.
    for (let i = 0; i < 6; i++) await buildTicket(ctx, requester, gateway(5200 + i));
    const queue = {
      subject: '邮件网关 GW-5 队列积压',
      description: '外发邮件在 GW-5 的队列中积压，投递延迟',
    };
    // Each a little longer than the one before, so that no two score alike.
    for (let i = 0; i < 4; i++)
      await buildTicket(ctx, requester, {
        ...queue,
        description: `${queue.description}${' 请处理'.repeat(i + 1)}`,
      });
    const alert = await buildTicket(ctx, requester, { ...queue, subject: `${queue.subject} 5203 告警` });
    const storm: TicketDto[] = [];
    for (let i = 0; i < 6; i++) storm.push(await buildTicket(ctx, requester, gateway(5200 + i)));
    const ids = storm.map((t) => t.id);
    const settings = await ctx.database.db.transaction((tx) => loadSettings(tx));
    const now = new Date();
    const alone = await eachAlone(ids, now, settings);
    const groupOf = (found: readonly RecurringIncidents[], id: number | undefined) =>
      found.find((f) => f.ticketId === id)?.group ?? [];

    recurringRankings.clear();
    const before = { ...recurringRankings.stats };
    const together = await ctx.database.db.transaction((tx) =>
      recurringIncidentsOf({ tx, ticketIds: ids, now, settings }),
    );
    // One ranking for the six, though each one's number is in an earlier ticket.
    expect(recurringRankings.stats.ranked - before.ranked).toBe(1);
    expect(proposals(together)).toEqual(proposals(alone));
    expect(together.map((f) => f.ticketId).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    // The alert is like the incident whose number it names, and not like the others.
    expect(groupOf(alone, storm[3]?.id)).toContain(alert.id);
    expect(groupOf(alone, storm[4]?.id)).not.toContain(alert.id);
    expect(groupOf(together, storm[3]?.id)).toContain(alert.id);
    expect(groupOf(together, storm[4]?.id)).not.toContain(alert.id);
  });
});
