import { boolean, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { REMOTE_STATUSES, SIGNAL_TYPES } from '../../../../contracts/remote.ts';
import { at, id, ref } from './columns.ts';
import { users } from './identity.ts';
import { tickets } from './tickets.ts';

/**
 * A remote assistance session (ES-7): who invited whom, on which ticket, and its consent.
 * The screen itself goes peer to peer and is never stored here.
 */
export const remoteSessions = pgTable(
  'remote_sessions',
  {
    id: id(),
    ticketId: ref('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    agentId: ref('agent_id')
      .notNull()
      .references(() => users.id),
    requesterId: ref('requester_id')
      .notNull()
      .references(() => users.id),
    reason: text('reason').notNull().default(''),
    status: text('status', { enum: REMOTE_STATUSES }).notNull().default('invited'),
    createdAt: at('created_at').notNull().defaultNow(),
    expiresAt: at('expires_at').notNull(),
    consentedAt: at('consented_at'),
    recordingConsent: boolean('recording_consent').notNull().default(false),
    endedAt: at('ended_at'),
    endedBy: ref('ended_by').references(() => users.id),
  },
  (t) => [index('remote_sessions_ticket_idx').on(t.ticketId, t.createdAt)],
);

/**
 * The signalling of a session (SDP offers and answers, ICE candidates, pointer, chat), each
 * addressed to the other party; a live event tells them to fetch it. Kept in a table, not in
 * the NOTIFY payload: an SDP can pass PostgreSQL's 8000-byte NOTIFY limit, and a page that
 * connects late still finds what was sent before.
 */
export const remoteSignals = pgTable(
  'remote_signals',
  {
    id: id(),
    sessionId: ref('session_id')
      .notNull()
      .references(() => remoteSessions.id, { onDelete: 'cascade' }),
    fromUserId: ref('from_user_id')
      .notNull()
      .references(() => users.id),
    toUserId: ref('to_user_id')
      .notNull()
      .references(() => users.id),
    type: text('type', { enum: SIGNAL_TYPES }).notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    at: at('at').notNull().defaultNow(),
  },
  (t) => [index('remote_signals_to_idx').on(t.sessionId, t.toUserId, t.id)],
);
