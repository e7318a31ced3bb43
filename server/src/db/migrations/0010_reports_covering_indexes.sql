-- Percentiles of report periods read only these indexes (index-only scans): the period's
-- range, the value, and every column a report can filter on.
CREATE INDEX IF NOT EXISTS "report_facts_created_cover_idx" ON "report_ticket_facts" ("created_at")
  INCLUDE ("first_response_at", "response_business_seconds", "channel", "priority", "team_id",
           "category_id", "assignee_id", "organization_id");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "report_facts_resolved_cover_idx" ON "report_ticket_facts" ("resolved_at")
  INCLUDE ("created_at", "resolution_business_seconds", "channel", "priority", "team_id",
           "category_id", "assignee_id", "organization_id");
