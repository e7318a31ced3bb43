CREATE TABLE "sla_ticket_policies" (
	"ticket_id" bigint PRIMARY KEY NOT NULL,
	"policy_id" bigint NOT NULL,
	"set_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "report_intervals_left_idx";--> statement-breakpoint
DROP INDEX "report_intervals_open_range_idx";--> statement-breakpoint
DROP INDEX "tickets_open_created_idx";--> statement-breakpoint
DROP INDEX "tickets_open_team_idx";--> statement-breakpoint
DROP INDEX "tickets_open_assignee_idx";--> statement-breakpoint
DROP INDEX "tickets_open_priority_idx";--> statement-breakpoint
DROP INDEX "tickets_open_unassigned_idx";--> statement-breakpoint
ALTER TABLE "runbook_runs" ADD COLUMN "failure" jsonb;--> statement-breakpoint
ALTER TABLE "sla_ticket_policies" ADD CONSTRAINT "sla_ticket_policies_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_ticket_policies" ADD CONSTRAINT "sla_ticket_policies_policy_id_sla_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."sla_policies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "report_intervals_left_idx" ON "report_status_intervals" USING btree (coalesce("left_at", 'infinity'::timestamptz),"entered_at") WHERE "report_status_intervals"."status" in ('new', 'open', 'in_progress', 'pending_requester', 'pending_vendor', 'pending_approval');--> statement-breakpoint
CREATE INDEX "report_intervals_open_range_idx" ON "report_status_intervals" USING gist (tstzrange("entered_at", "left_at", '[)')) WHERE "report_status_intervals"."status" in ('new', 'open', 'in_progress', 'pending_requester', 'pending_vendor', 'pending_approval');--> statement-breakpoint
CREATE INDEX "tickets_open_created_idx" ON "tickets" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE status in ('new', 'open', 'in_progress', 'pending_requester', 'pending_vendor', 'pending_approval');--> statement-breakpoint
CREATE INDEX "tickets_open_team_idx" ON "tickets" USING btree ("team_id","priority","created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE status in ('new', 'open', 'in_progress', 'pending_requester', 'pending_vendor', 'pending_approval');--> statement-breakpoint
CREATE INDEX "tickets_open_assignee_idx" ON "tickets" USING btree ("assignee_id","priority","created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE status in ('new', 'open', 'in_progress', 'pending_requester', 'pending_vendor', 'pending_approval');--> statement-breakpoint
CREATE INDEX "tickets_open_priority_idx" ON "tickets" USING btree ("priority","created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE status in ('new', 'open', 'in_progress', 'pending_requester', 'pending_vendor', 'pending_approval');--> statement-breakpoint
CREATE INDEX "tickets_open_unassigned_idx" ON "tickets" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE assignee_id is null and status in ('new', 'open', 'in_progress', 'pending_requester', 'pending_vendor', 'pending_approval');--> statement-breakpoint
-- A ticket waiting for an approval pauses the clocks that pause while it waits on the requester.
UPDATE "sla_policies" SET "pause_statuses" = array_append("pause_statuses", 'pending_approval')
 WHERE 'pending_requester' = ANY("pause_statuses") AND NOT 'pending_approval' = ANY("pause_statuses");--> statement-breakpoint
UPDATE "sla_policies" p SET "clock_pause_statuses" = (
  SELECT coalesce(jsonb_object_agg(k, CASE WHEN v ? 'pending_requester' AND NOT v ? 'pending_approval'
                                           THEN v || '["pending_approval"]'::jsonb ELSE v END), '{}'::jsonb)
    FROM jsonb_each(p."clock_pause_statuses") AS e(k, v))
 WHERE p."clock_pause_statuses" <> '{}'::jsonb;
