CREATE UNIQUE INDEX "tickets_external_id_key" ON "tickets" USING btree ("external_id") WHERE "tickets"."external_id" is not null;--> statement-breakpoint
ALTER TABLE "tickets" DROP CONSTRAINT "tickets_external_id_unique";--> statement-breakpoint
DROP INDEX "report_facts_created_idx";--> statement-breakpoint
DROP INDEX "report_facts_resolved_idx";
