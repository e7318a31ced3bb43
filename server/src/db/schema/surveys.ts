import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, pgView, smallint, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { at, id, ref } from './columns.ts';
import { users } from './identity.ts';
import { tickets } from './tickets.ts';

const score = (name: string) => smallint(name);

/**
 * The satisfaction survey of a closed ticket (FB-1, FB-3): one per ticket. The emailed link
 * carries a signed token; only its SHA-256 is stored, and it works once, until `expiresAt`.
 */
export const csatSurveys = pgTable(
  'csat_surveys',
  {
    id: id(),
    ticketId: ref('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    requesterId: ref('requester_id')
      .notNull()
      .references(() => users.id),
    tokenHash: text('token_hash').notNull(),
    expiresAt: at('expires_at').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
    respondedAt: at('responded_at'),
    /** How the answer came in: the emailed link, the portal, or an agent's call-back. */
    source: text('source', { enum: ['email_link', 'portal', 'callback'] }),
    respondedBy: ref('responded_by').references(() => users.id),
    score: score('score'),
    speed: score('speed'),
    attitude: score('attitude'),
    effectiveness: score('effectiveness'),
    overall: score('overall'),
    comment: text('comment'),
  },
  (t) => [
    uniqueIndex('csat_surveys_ticket_key').on(t.ticketId),
    uniqueIndex('csat_surveys_token_key').on(t.tokenHash),
    index('csat_surveys_responded_idx').on(t.respondedAt),
    index('csat_surveys_created_idx').on(t.createdAt),
    check('csat_surveys_score', sql`${t.score} is null or ${t.score} between 1 and 5`),
    check(
      'csat_surveys_answered',
      sql`(${t.respondedAt} is null) = (${t.score} is null) and (${t.respondedAt} is null) = (${t.source} is null)`,
    ),
  ],
);

/** A low score becomes a task for the quality manager (FB-4). */
export const qualityFollowups = pgTable(
  'quality_followups',
  {
    id: id(),
    ticketId: ref('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    surveyId: ref('survey_id').references(() => csatSurveys.id, { onDelete: 'cascade' }),
    reason: text('reason', { enum: ['low_csat'] }).notNull(),
    score: score('score'),
    comment: text('comment'),
    status: text('status', { enum: ['open', 'closed'] })
      .notNull()
      .default('open'),
    createdAt: at('created_at').notNull().defaultNow(),
    closedAt: at('closed_at'),
    closedBy: ref('closed_by').references(() => users.id),
    note: text('note'),
  },
  (t) => [
    index('quality_followups_status_idx').on(t.status, t.createdAt.desc()),
    uniqueIndex('quality_followups_survey_key').on(t.surveyId),
  ],
);

/** An agent's satisfaction call-back and its outcome (FB-3). */
export const surveyCallbacks = pgTable(
  'survey_callbacks',
  {
    id: id(),
    ticketId: ref('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    agentId: ref('agent_id')
      .notNull()
      .references(() => users.id),
    outcome: text('outcome', { enum: ['reached', 'no_answer', 'declined', 'wrong_number'] }).notNull(),
    note: text('note'),
    score: score('score'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [index('survey_callbacks_ticket_idx').on(t.ticketId, t.createdAt)],
);

/** An NPS campaign (FB-2) sent to chosen requesters or organisations. */
export const npsCampaigns = pgTable(
  'nps_campaigns',
  {
    id: id(),
    name: text('name').notNull(),
    question: text('question'),
    audience: jsonb('audience').$type<{ userIds: number[]; organizationIds: number[] }>().notNull(),
    status: text('status', { enum: ['open', 'closed'] })
      .notNull()
      .default('open'),
    expiresAt: at('expires_at').notNull(),
    createdBy: ref('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: at('created_at').notNull().defaultNow(),
    closedAt: at('closed_at'),
  },
  (t) => [index('nps_campaigns_created_idx').on(t.createdAt.desc())],
);

export const npsInvitations = pgTable(
  'nps_invitations',
  {
    id: id(),
    campaignId: ref('campaign_id')
      .notNull()
      .references(() => npsCampaigns.id, { onDelete: 'cascade' }),
    userId: ref('user_id')
      .notNull()
      .references(() => users.id),
    organizationId: ref('organization_id'),
    tokenHash: text('token_hash').notNull(),
    expiresAt: at('expires_at').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
    respondedAt: at('responded_at'),
    score: smallint('score'),
    reason: text('reason'),
  },
  (t) => [
    uniqueIndex('nps_invitations_campaign_user_key').on(t.campaignId, t.userId),
    uniqueIndex('nps_invitations_token_key').on(t.tokenHash),
    index('nps_invitations_user_idx').on(t.userId),
    index('nps_invitations_responded_idx').on(t.respondedAt),
    check('nps_invitations_score', sql`${t.score} is null or ${t.score} between 0 and 10`),
  ],
);

// Read models: views other modules may read (created in migration read_models; see docs/read-models.md).
/** CSAT surveys: when sent and answered, and the score (no token, no comment). */
export const surveysCsatView = pgView('surveys_csat_v', {
  id: ref('id').notNull(),
  ticketId: ref('ticket_id').notNull(),
  createdAt: at('created_at').notNull(),
  respondedAt: at('responded_at'),
  score: smallint('score'),
}).existing();

/** NPS invitations: whose organisation, when answered, and the score (no token, no reason). */
export const surveysNpsInvitationsView = pgView('surveys_nps_invitations_v', {
  id: ref('id').notNull(),
  campaignId: ref('campaign_id').notNull(),
  userId: ref('user_id').notNull(),
  organizationId: ref('organization_id'),
  createdAt: at('created_at').notNull(),
  respondedAt: at('responded_at'),
  score: smallint('score'),
}).existing();
