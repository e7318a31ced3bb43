-- Read models: views each module publishes over its own tables for the joins other modules must
-- make in one SQL statement (display names in presenters and queues, report queries over many
-- tickets). Each is that module's contract (its index.ts and docs/read-models.md); its owner may
-- change its tables freely as long as the view keeps its columns. Plain views: PostgreSQL inlines
-- them, so a join through a view plans and costs the same as one on the table.
CREATE VIEW audit_events_v AS
  SELECT id, ticket_id, entity_type, entity_id, kind, actor_id, at, data, v FROM audit_events;--> statement-breakpoint
CREATE VIEW identity_users_v AS
  SELECT id, name, email, role, locale, timezone, organization_id, active FROM users;--> statement-breakpoint
CREATE VIEW identity_teams_v AS
  SELECT id, name, tier FROM teams;--> statement-breakpoint
CREATE VIEW identity_organizations_v AS
  SELECT id, name, share_tickets FROM organizations;--> statement-breakpoint
CREATE VIEW identity_team_members_v AS
  SELECT team_id, user_id FROM team_members;--> statement-breakpoint
CREATE VIEW tickets_v AS
  SELECT id, number, type, category_id, subject, description, error_code, environment, steps_tried, business_impact,
         occurred_at, channel, impact, urgency, priority, priority_overridden, priority_reason, status, requester_id,
         organization_id, team_id, assignee_id, reopen_count, external_id, created_at, updated_at, resolved_at, closed_at
    FROM tickets;--> statement-breakpoint
CREATE VIEW ticket_categories_v AS
  SELECT id, name, parent_id, path FROM categories;--> statement-breakpoint
CREATE VIEW ticket_messages_v AS
  SELECT id, ticket_id, author_id, body, internal, channel, created_at FROM ticket_messages;--> statement-breakpoint
CREATE VIEW sla_calendars_v AS
  SELECT id, name, timezone, hours, holidays, extra_workdays, updated_at FROM sla_calendars;--> statement-breakpoint
CREATE VIEW sla_ticket_states_v AS
  SELECT ticket_id, policy_id, first_response_due_at, first_response_state, next_update_due_at, next_update_state,
         resolution_due_at, resolution_state
    FROM ticket_sla;--> statement-breakpoint
CREATE VIEW sla_vendor_handoffs_v AS
  SELECT h.id, h.ticket_id, h.vendor_id, v.name AS vendor_name, h.resolution_minutes, h.started_at, h.completed_at
    FROM vendor_handoffs h JOIN vendors v ON v.id = h.vendor_id;--> statement-breakpoint
CREATE VIEW surveys_csat_v AS
  SELECT id, ticket_id, created_at, responded_at, score FROM csat_surveys;--> statement-breakpoint
CREATE VIEW surveys_nps_invitations_v AS
  SELECT id, campaign_id, user_id, organization_id, created_at, responded_at, score FROM nps_invitations;--> statement-breakpoint
CREATE VIEW escalation_records_v AS
  SELECT id, ticket_id, kind, trigger, from_team_id, to_team_id, created_at FROM escalations;--> statement-breakpoint
CREATE VIEW resolution_records_v AS
  SELECT id, ticket_id, resolution_code, first_contact, resolved_at, outcome FROM ticket_resolutions;--> statement-breakpoint
CREATE VIEW kb_articles_v AS
  SELECT id, title, problem, solution, language, category, tags, visibility, status FROM kb_articles;
