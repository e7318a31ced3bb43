import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  DomainEvent,
  EVENT_KINDS,
  EVENTS,
  type EventData,
  type EventKind,
  eventDataSchema,
  isEventKind,
} from '../../../../contracts/events.ts';
import { buildTicket, buildUser } from '../../../test/factories.ts';
import { setupTestApp } from '../../../test/harness.ts';
import { callArguments, repositoryRoot, sourceFiles } from '../../../test/source-scan.ts';
import { ticketHistory } from '../tickets/index.ts';
import { type AuditEventInput, onEvent, recordEvent, recordEvents, validateEvent } from './index.ts';

const ctx = await setupTestApp();
const db = ctx.database.db;
const root = repositoryRoot;

/**
 * What the server's source records: the literal kinds in the `kind:` of every `recordEvent(s)`
 * call and of the events handed to a recording helper (`announce`) or built in a list
 * beforehand (`const audit: AuditEventInput[]`), and the kinds made by templates
 * (`problem.candidate_${status}`) as patterns.
 */
function recordedKinds(): { literals: Map<string, string>; templates: Map<string, string> } {
  const literals = new Map<string, string>();
  const templates = new Map<string, string>();
  for (const file of sourceFiles(join(root, 'server/src'))) {
    const source = readFileSync(file, 'utf8');
    const where = file.replace(root, '');
    const scopes: string[] = [];
    for (const match of source.matchAll(/\b(recordEvents?|announce)\(/g))
      scopes.push(callArguments(source, (match.index ?? 0) + match[0].length - 1));
    if (/AuditEventInput\[\]/.test(source)) scopes.push(source);
    for (const scope of scopes) {
      for (const kind of scope.matchAll(/\bkind:\s*([^,\n]+)/g)) {
        let text = kind[1] ?? '';
        if (/^\s*[a-zA-Z]+\s*$/.test(text)) {
          // `kind: eventKind`: the constant's definition in the same file.
          text = new RegExp(`const ${text.trim()} = ([^;]+);`).exec(source)?.[1] ?? '';
        }
        for (const literal of text.matchAll(/'([a-z_]+\.[a-z_]+)'/g)) literals.set(literal[1] ?? '', where);
        for (const template of text.matchAll(/`([a-z_]+\.[a-z_]*)\$\{[^`]*`/g))
          templates.set(template[1] ?? '', where);
      }
    }
  }
  return { literals, templates };
}

/** A value of a data schema: the first choice of every enum, union and literal. */
function sample(schema: z.ZodType): unknown {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  switch (def.type) {
    case 'object':
      return Object.fromEntries(
        Object.entries(def.shape as Record<string, z.ZodType>).map(([key, value]) => [key, sample(value)]),
      );
    case 'optional':
    case 'nullable':
      return sample(def.innerType as z.ZodType);
    case 'union':
      return sample((def.options as z.ZodType[])[0] as z.ZodType);
    case 'array':
      return [sample(def.element as z.ZodType)];
    case 'literal':
      return (def.values as unknown[])[0];
    case 'enum':
      return Object.values(def.entries as Record<string, string>)[0];
    case 'record':
      return { key: sample(def.valueType as z.ZodType) };
    case 'string':
      return 'text';
    case 'number':
      return 7;
    case 'boolean':
      return true;
    case 'date':
      return new Date('2026-01-01T00:00:00Z');
    case 'unknown':
      return null;
    default:
      throw new Error(`no sample for a ${def.type}`);
  }
}

describe('domain events', () => {
  it('has a schema for every kind the server records, and records every kind it has a schema for', () => {
    const { literals, templates } = recordedKinds();
    // The scan must find the kinds the issue names, or it reads nothing.
    expect(literals.size).toBeGreaterThan(100);
    expect([...literals.keys()]).toEqual(
      expect.arrayContaining(['ticket.updated', 'sla.breached', 'remote.consented', 'resolution.rejected']),
    );
    const missing = [...literals].filter(([kind]) => !isEventKind(kind));
    expect(missing.map(([kind, file]) => `${kind} (${file})`)).toEqual([]);
    for (const [prefix, file] of templates) {
      expect(
        EVENT_KINDS.filter((kind) => kind.startsWith(prefix)),
        `${prefix}... (${file})`,
      ).not.toEqual([]);
    }
    const unused = EVENT_KINDS.filter(
      (kind) => !literals.has(kind) && ![...templates.keys()].some((prefix) => kind.startsWith(prefix)),
    );
    expect(unused).toEqual([]);
  });

  it('records a sample of every kind through its schema, with its version, and reads it back typed', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const ticket = await buildTicket(ctx, agent);
    const samples = EVENT_KINDS.map((kind) => ({ kind, data: sample(EVENTS[kind].data) }));
    for (const { kind, data } of samples) expect(() => validateEvent({ kind, data }), kind).not.toThrow();
    await db.transaction((tx) =>
      recordEvents(
        tx,
        samples.map(
          ({ kind, data }) =>
            ({
              kind,
              entityType: 'test',
              entityId: null,
              ticketId: ticket.id,
              actorId: agent.user.id,
              data,
            }) as AuditEventInput,
        ),
      ),
    );
    // In the order recorded: the samples come after the ticket's own `ticket.created`.
    const read = await ticketHistory(db, [ticket.id]);
    expect(read).toHaveLength(EVENT_KINDS.length + 1);
    const byKind = new Map(read.map((event) => [event.kind, event]));
    for (const kind of EVENT_KINDS) {
      const event = byKind.get(kind);
      expect(event, kind).toBeDefined();
      expect(event?.v, kind).toBe(EVENTS[kind].v);
      const parsed = DomainEvent.safeParse({ kind, v: event?.v, data: event?.data });
      expect(parsed.success, `${kind}: ${parsed.error?.message}`).toBe(true);
    }
  });

  it('refuses data that does not match its kind, and a kind without a schema, writing nothing', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const ticket = await buildTicket(ctx, agent);
    const wrong = {
      kind: 'ticket.updated',
      entityType: 'ticket',
      entityId: ticket.id,
      ticketId: ticket.id,
      actorId: agent.user.id,
      // The shape a renamed key would write: `priority` as a bare string.
      data: { changes: { priority: 'P1' } },
    } as unknown as AuditEventInput;
    await expect(db.transaction((tx) => recordEvent(tx, wrong))).rejects.toThrow(/ticket\.updated/);
    const unknown = { ...wrong, kind: 'ticket.teleported', data: {} } as unknown as AuditEventInput;
    await expect(db.transaction((tx) => recordEvents(tx, [unknown]))).rejects.toThrow(/no schema/);
    expect(() => validateEvent({ kind: 'message.created', data: { messageId: 1 } })).toThrow(/internal/);
    const written = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from audit_events where ticket_id = ${ticket.id} and kind <> 'ticket.created'`,
    );
    expect(written.rows[0]?.n).toBe(0);
  });

  it('hands a subscriber its kind of event, with that kind’s data', async () => {
    const seen: EventData<'survey.nps_answered'>[] = [];
    onEvent('survey.nps_answered', async (_tx, event) => {
      // Typed by the kind: `score` is a number here, not `unknown`.
      const score: number = event.data.score;
      seen.push({ campaignId: event.data.campaignId, score });
    });
    const agent = await buildUser(ctx, { role: 'agent' });
    await db.transaction(async (tx) => {
      await recordEvent(tx, {
        kind: 'survey.nps_answered',
        entityType: 'nps_invitation',
        entityId: 1,
        actorId: agent.user.id,
        data: { campaignId: 3, score: 9 },
      });
      await recordEvent(tx, { kind: 'reports.subscribed', entityType: 'user', entityId: 1, actorId: null });
    });
    expect(seen).toEqual([{ campaignId: 3, score: 9 }]);
  });

  it('types data by kind at compile time', () => {
    const event = (input: AuditEventInput) => input;
    // @ts-expect-error `changes.priority` is a before/after pair, not a priority.
    event({
      kind: 'ticket.updated',
      entityType: 't',
      entityId: 1,
      actorId: 1,
      data: { changes: { priority: 'P1' } },
    });
    // @ts-expect-error a kind without a schema.
    event({ kind: 'ticket.teleported', entityType: 't', entityId: 1, actorId: 1 });
    // @ts-expect-error `sla.breached` needs its data.
    event({ kind: 'sla.breached', entityType: 't', entityId: 1, actorId: 1 });
    const kind: EventKind = 'user.signed_in';
    expect(eventDataSchema(kind).parse({})).toEqual({});
  });
});
