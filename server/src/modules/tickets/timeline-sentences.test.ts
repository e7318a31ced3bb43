import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { getTableColumns } from 'drizzle-orm';
import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TimelineEventDto } from '../../../../contracts/tickets.ts';
import {
  describeEvent,
  type Lookups,
  TIMELINE_FIELDS,
  TIMELINE_SENTENCES,
} from '../../../../web/src/features/ticket-detail/timeline-format.ts';
import { callArguments, repositoryRoot, sourceFiles } from '../../../test/source-scan.ts';
import { tickets } from '../../db/schema.ts';

/*
 * The agent's and the requester's timeline is the audit log read as sentences (web
 * timeline-format.ts). This test reads the server's source for every event kind recorded
 * against a ticket and renders each in both languages: a kind without a sentence, a key
 * missing in one language, or a code name (`resolution.rejected`, `reopenCount`) on the
 * screen fails it.
 */

const root = repositoryRoot;

const DOTTED = /'([a-z_]+\.[a-z_]+)'/g;

/** `remote.${status === 'paused' ? 'paused' : 'resumed'}` and the like: every kind a template can make. */
function expandKind(text: string): string[] {
  const template = /^([a-z_]+\.)\$\{[^}]*'([a-z_]+)'\s*:\s*'([a-z_]+)'\s*\}$/.exec(text);
  if (template) return [`${template[1]}${template[2]}`, `${template[1]}${template[3]}`];
  return /^[a-z_]+\.[a-z_]+$/.test(text) ? [text] : [];
}

/** Every audit kind that a `recordEvent(s)` call with a `ticketId` can write. */
function ticketEventKinds(): Map<string, string> {
  const kinds = new Map<string, string>();
  for (const file of sourceFiles(join(root, 'server/src'))) {
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/recordEvents?\(/g)) {
      const args = callArguments(source, (match.index ?? 0) + match[0].length - 1);
      if (!/\bticketId\b/.test(args)) {
        // A list built beforehand (`recordEvents(tx, audit)`): the file's kinds with a ticket id.
        if (!/^\(tx, [a-zA-Z]+\)$/.test(args) || !/\bticketId\b/.test(source)) continue;
        for (const kind of source.matchAll(/kind: '([a-z_]+\.[a-z_]+)'/g)) kinds.set(kind[1] ?? '', file);
        continue;
      }
      // The event's own `kind` comes first; a later one belongs to its data.
      for (const expression of [...args.matchAll(/\bkind:\s*([^,\n]+)/g)].slice(0, 1)) {
        const text = expression[1] ?? '';
        let literals = [...text.matchAll(DOTTED)].map((m) => m[1] ?? '');
        if (literals.length === 0 && /^[a-zA-Z]+$/.test(text.trim())) {
          // `kind: eventKind`: the constant's definition in the same file.
          const definition = new RegExp(`const ${text.trim()} = ([^;]+);`).exec(source)?.[1] ?? '';
          literals = [...definition.matchAll(DOTTED)].map((m) => m[1] ?? '');
        }
        if (literals.length === 0 && /^[a-zA-Z]+\.kind$/.test(text.trim())) {
          // A helper that forwards its caller's `event.kind` (remote/sessions.ts `announce`): the
          // literal kinds its module's files pass to it.
          const moduleDir = dirname(file);
          for (const sibling of sourceFiles(moduleDir)) {
            for (const kind of readFileSync(sibling, 'utf8').matchAll(
              /kind: [`']([a-z_]+\.[a-z_${}' ?:=]+)[`']/g,
            ))
              for (const literal of expandKind(kind[1] ?? '')) literals.push(literal);
          }
        }
        if (literals.length === 0) throw new Error(`${file}: cannot read the event kind of "${text}"`);
        for (const kind of literals) kinds.set(kind, file);
      }
    }
  }
  return kinds;
}

/** Data shaped as the server records it, with plain ASCII values (so that no value looks like a key). */
const SAMPLES: Record<string, Record<string, unknown>> = {
  'ticket.created': { number: 10001, channel: 'email', priority: 'P3' },
  'ticket.updated': {
    changes: {
      status: { from: 'resolved', to: 'open' },
      reopenCount: { from: 0, to: 1 },
      resolvedAt: { from: '2026-01-01T00:00:00Z', to: null },
      priority: { from: 'P3', to: 'P2' },
      priorityOverridden: { from: false, to: true },
      priorityReason: { from: null, to: 'Board meeting' },
      assignee: { from: null, to: { id: 4, name: 'Wang Fang' } },
      category: { from: null, to: { id: 2, name: 'Network' } },
    },
  },
  'message.created': {
    messageId: 1,
    internal: false,
    fromStaff: false,
    purpose: 'resolution_rejected',
    body: 'Still fails',
  },
  'link.created': { kind: 'duplicate_of', fromNumber: 10001, toNumber: 10002 },
  'link.deleted': { kind: 'related', fromNumber: 10001, toNumber: 10002 },
  'attachment.created': { attachmentId: 1, filename: 'screen', size: 10, internal: false },
  'triage.applied': { internal: true, applied: { category: 'Network', teamId: 2, priority: 'P2' } },
  'triage.self_help_sent': { articleId: 1, title: 'Reset your password' },
  'kb.article_linked': { articleId: 1, title: 'Reset your password', internal: false },
  'kb.article_captured': { articleId: 1, internal: true },
  'kb.capture_overdue': { internal: true, dueAt: '2026-01-01T04:00:00Z' },
  'ticket.merged': { fromTicketId: 1, intoTicketId: 2, fromNumber: 10001, intoNumber: 10002 },
  'problem.candidate_proposed': { internal: true, candidateId: 1, tickets: 3 },
  'problem.ticket_linked': { internal: true, problem: { id: 1, title: 'VPN drops every hour' } },
  'problem.ticket_unlinked': { internal: true, problem: { id: 1, title: 'VPN drops every hour' } },
  'email.received': { messageId: 'm1', from: 'Li Lei', attachments: 0, reply: true },
  'phone.call_logged': { callId: 1, outcome: 'ticket', durationSeconds: 180, caller: 'Li Lei' },
  'chat.converted': { chatId: 1, messages: 3 },
  'chat.resolved_first_contact': { chatId: 1, messages: 3 },
  'callback.scheduled': { callbackId: 1, dueAt: '2026-01-01T04:00:00Z', assigneeId: 4, reason: 'Call back' },
  'callback.done': { callbackId: 1, status: 'done', outcome: 'Solved' },
  'resolution.verified_by_monitoring': {
    resolutionId: 1,
    resolutionCode: 'fixed',
    what: 'Disk alert',
    comment: null,
  },
  'alert.flapped': { alertId: 1, title: 'DiskFull on db1', internal: true },
  'remote.invited': { reason: 'See the export error', expiresAt: '2026-01-01T04:15:00Z' },
  'runbook.run_requested': {
    runId: 1,
    runbook: { id: 1, name: 'Restart VPN' },
    internal: true,
    awaitingApproval: true,
    approvalId: 1,
  },
  'runbook.run_cancelled': {
    runId: 1,
    runbook: { id: 1, name: 'Restart VPN' },
    internal: true,
    outcome: 'rejected',
    comment: 'Not now',
  },
  'runbook.attempt_failed': {
    runId: 1,
    runbook: { id: 1, name: 'Restart VPN' },
    internal: true,
    attempt: 1,
    status: 500,
    error: 'status 500',
    retryAt: '2026-01-01T04:00:00Z',
  },
  'runbook.run_succeeded': {
    runId: 1,
    runbook: { id: 1, name: 'Restart VPN' },
    internal: true,
    attempts: 1,
    status: 200,
    durationMs: 35,
    output: 'done',
  },
  'runbook.run_failed': {
    runId: 1,
    runbook: { id: 1, name: 'Restart VPN' },
    internal: true,
    attempts: 3,
    status: 503,
    durationMs: 40,
    error: 'status 503',
    output: 'down',
  },
  'remote.consented': { recording: true },
  'remote.declined': { callback: true, phone: '13800000000' },
  'remote.paused': {},
  'remote.resumed': {},
  'remote.ended': {
    side: 'agent',
    consentedAt: '2026-01-01T04:00:00Z',
    durationSeconds: 754,
    recording: false,
  },
  'remote.expired': {},
  'approval.requested': {
    approvalId: 1,
    subjectType: 'ticket',
    subjectId: 1,
    ticketId: 1,
    changeId: null,
    title: 'Grant VPN access',
    mode: 'all',
    approvers: [{ id: 2, name: 'Wang Fang' }],
    deadline: null,
  },
  'approval.voted': {
    approvalId: 1,
    subjectType: 'ticket',
    subjectId: 1,
    ticketId: 1,
    title: 'Grant VPN access',
    approver: { id: 2, name: 'Wang Fang' },
    decision: 'reject',
    comment: 'Ask the manager first',
    via: 'link',
  },
  'approval.decided': {
    approvalId: 1,
    subjectType: 'ticket',
    subjectId: 1,
    ticketId: 1,
    outcome: 'approved',
    comment: null,
    title: 'Grant VPN access',
  },
  'approval.reminded': {
    approvalId: 1,
    subjectType: 'ticket',
    subjectId: 1,
    ticketId: 1,
    title: 'Grant VPN access',
    approvers: [{ id: 2, name: 'Wang Fang' }],
  },
  'catalog.requested': {
    requestId: 1,
    itemId: 1,
    itemName: { 'zh-CN': '申请笔记本', en: 'Laptop' },
    approvalId: 3,
  },
  'catalog.tasks_created': {
    requestId: 1,
    order: 'sequential',
    tasks: [{ taskId: 1, title: 'Image the laptop', teamId: 1 }],
  },
  'catalog.task_done': { requestId: 1, taskId: 1, title: 'Image the laptop' },
  'catalog.request_fulfilled': { requestId: 1 },
  'catalog.guide_sent': { itemId: 1, itemName: { 'zh-CN': '重置密码', en: 'Password reset' } },
  'catalog.request_rejected': { requestId: 1, outcome: 'rejected', comment: 'No budget this quarter' },
  'callback.updated': { callbackId: 1, status: 'cancelled', outcome: null },
  'sla.warning': { clock: 'firstResponse', dueAt: '2026-01-01T04:00:00Z', internal: true },
  'sla.breached': { clock: 'nextUpdate', dueAt: '2026-01-01T04:00:00Z', internal: true },
  'ticket.escalated': {
    escalationKind: 'hierarchical',
    reason: 'Waiting too long',
    tried: 'Restart',
    internal: true,
  },
  'ticket.nudged': { nudgeId: 1, ordinal: 2, message: 'Any news' },
  'ticket.routed': {
    ruleId: 1,
    ruleName: 'Network tickets',
    teamId: 2,
    strategy: 'round_robin',
    internal: true,
  },
  'vendor.handed_off': { handoffId: 1, vendor: { id: 1, name: 'Acme Network' }, internal: true },
  'vendor.returned': { handoffId: 1, vendorId: 1, state: 'met', note: null, internal: true },
  'sla.progress_update': {
    messageId: 1,
    impact: 'Mail',
    workaround: null,
    expectedAt: '2026-01-01T04:00:00Z',
  },
  'major_incident.linked': { majorIncidentId: 1, title: 'Mail outage' },
  'major_incident.declared': { majorIncidentId: 1, title: 'Mail outage' },
  'resolution.recorded': {
    resolutionId: 1,
    resolutionCode: 'configuration',
    resolutionLabel: { en: 'Configuration change', 'zh-CN': '\u914d\u7f6e\u53d8\u66f4' },
    rootCause: 'Expired certificate',
    actions: 'Renewed it',
    prevention: 'Reminder before expiry',
    firstContact: false,
  },
  'resolution.confirmed': { resolutionId: 1, fixed: true, comment: null },
  'resolution.rejected': { resolutionId: 1, fixed: false, comment: 'Still fails' },
  'resolution.auto_closed': { days: 3, resolvedAt: '2026-01-01T04:00:00Z' },
  'survey.csat_answered': { score: 2, dimensions: {}, comment: 'Slow', source: 'portal' },
  'survey.followup_opened': { followupId: 1, score: 2, internal: true },
  'survey.followup_closed': { followupId: 1, note: 'Called back', internal: true },
  'survey.callback_recorded': { outcome: 'reached', note: 'Fine now', score: 4, internal: true },
  'automation.rule_ran': {
    ruleId: 1,
    name: 'Printers',
    runId: 1,
    trigger: 'ticket.created',
    outcome: 'applied',
    actions: [
      { type: 'add_tag', outcome: 'done' },
      { type: 'assign_team', outcome: 'unchanged' },
      { type: 'run_runbook', outcome: 'failed' },
    ],
    internal: true,
  },
  'automation.loop_stopped': {
    ruleId: 1,
    name: 'Printers',
    runId: 2,
    trigger: 'ticket.updated',
    reason: 'depth',
    internal: true,
  },
};

const lookups = (locale: 'zh-CN' | 'en'): Lookups => ({
  teamName: (id) => (id === 2 ? 'Network team' : undefined),
  userName: (id) => (id === 4 ? 'Wang Fang' : undefined),
  locale,
  formatTime: (iso) => iso.slice(0, 16).replace('T', ' '),
});

const translators = new Map<'zh-CN' | 'en', TFunction>();

beforeAll(async () => {
  const dictionary = (name: string) =>
    JSON.parse(readFileSync(join(root, `web/src/app/locales/${name}.json`), 'utf8')) as Record<
      string,
      unknown
    >;
  for (const locale of ['zh-CN', 'en'] as const) {
    const instance = i18next.createInstance();
    // No fallback language: a key missing in one dictionary shows as a key, which the test sees.
    await instance.init({
      resources: { [locale]: { translation: dictionary(locale) } },
      lng: locale,
      fallbackLng: false,
      interpolation: { escapeValue: false },
    });
    translators.set(locale, instance.t);
  }
});

const event = (kind: string, data: Record<string, unknown>): TimelineEventDto => ({
  id: 1,
  kind,
  at: '2026-01-01T08:00:00.000Z',
  actor: { id: 9, name: 'Li Lei' },
  data,
});

/** What must never reach the screen: a key or a code name, an unfilled placeholder. */
function rawParts(text: string, kind: string): string[] {
  const found: string[] = [];
  if (text.includes(kind)) found.push(kind);
  if (text.includes('{{')) found.push('{{');
  for (const pattern of [
    /\b[a-z][a-zA-Z]*\.[a-zA-Z_.]+\b/g,
    /\b[a-z]+[A-Z][a-zA-Z]*\b/g,
    /\b[a-z]+_[a-z_]+\b/g,
  ]) {
    for (const match of text.matchAll(pattern)) found.push(match[0]);
  }
  return found;
}

function render(locale: 'zh-CN' | 'en', kind: string, data: Record<string, unknown>): string {
  const t = translators.get(locale);
  if (!t) throw new Error('no translator');
  const entry = describeEvent(t, event(kind, data), lookups(locale));
  return [entry.title, ...entry.changes].join('\n');
}

const CJK = /[\u4e00-\u9fff]/;

describe('the ticket timeline reads as sentences', () => {
  it('has a sentence for every event kind the server records against a ticket', () => {
    const recorded = ticketEventKinds();
    // The scan itself must find the kinds the issue named, or it reads nothing.
    expect([...recorded.keys()]).toEqual(
      expect.arrayContaining([
        'resolution.rejected',
        'resolution.recorded',
        'ticket.updated',
        'sla.breached',
      ]),
    );
    const missing = [...recorded].filter(([kind]) => !Object.hasOwn(TIMELINE_SENTENCES, kind));
    expect(missing.map(([kind, file]) => `${kind} (${file.replace(root, '')})`)).toEqual([]);
    expect(Object.keys(TIMELINE_SENTENCES).filter((kind) => !SAMPLES[kind])).toEqual([]);
  });

  it.each(Object.keys(SAMPLES))('%s reads as a sentence in Chinese and in English', (kind) => {
    const data = SAMPLES[kind] ?? {};
    const zh = render('zh-CN', kind, data);
    const en = render('en', kind, data);
    expect(rawParts(zh, kind), zh).toEqual([]);
    expect(rawParts(en, kind), en).toEqual([]);
    expect(zh).toMatch(CJK);
    expect(en, en).not.toMatch(CJK);
  });

  it('says who reopened the ticket instead of `reopenCount: 0 -> 1`', () => {
    const sample = SAMPLES['ticket.updated'] ?? {};
    expect(render('en', 'ticket.updated', sample)).toContain('Li Lei reopened the ticket');
    expect(render('en', 'ticket.updated', sample)).not.toContain('reopenCount');
    expect(render('zh-CN', 'resolution.recorded', SAMPLES['resolution.recorded'] ?? {})).toContain(
      '\u914d\u7f6e\u53d8\u66f4',
    );
  });

  it('names every ticket field a change can carry, or leaves it out', () => {
    const columns = Object.keys(getTableColumns(tickets));
    expect(columns.filter((column) => !TIMELINE_FIELDS.includes(column))).toEqual([]);
    for (const locale of ['zh-CN', 'en'] as const) {
      for (const column of [...columns, 'team', 'assignee', 'category', 'someFutureField']) {
        const text = render(locale, 'ticket.updated', { changes: { [column]: { from: 'a', to: 'b' } } });
        expect(rawParts(text, 'ticket.updated'), `${locale} ${column}: ${text}`).toEqual([]);
      }
    }
  });

  it('turns a kind it does not know into a sentence, not its code', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const text = render(locale, 'inventory.asset_moved', { changes: { assetTag: { from: 'a', to: 'b' } } });
      expect(rawParts(text, 'inventory.asset_moved'), text).toEqual([]);
    }
    expect(render('en', 'constructor', {})).toBe('Li Lei changed the ticket');
  });
});
