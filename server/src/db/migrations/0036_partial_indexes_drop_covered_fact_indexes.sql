CREATE UNIQUE INDEX "tickets_external_id_key" ON "tickets" USING btree ("external_id") WHERE "tickets"."external_id" is not null;--> statement-breakpoint
ALTER TABLE "tickets" DROP CONSTRAINT "tickets_external_id_unique";--> statement-breakpoint
DROP INDEX "report_facts_created_idx";--> statement-breakpoint
DROP INDEX "report_facts_resolved_idx";--> statement-breakpoint
DROP INDEX "tickets_tags_idx";--> statement-breakpoint
CREATE INDEX "tickets_tags_idx" ON "tickets" USING gin ("tags") WHERE cardinality("tickets"."tags") > 0;
