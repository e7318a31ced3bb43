-- Issue 18: a dirty day is a mark per change, only ever inserted (no longer one row per day
-- that a change's insert waited on while the rollup job held it deleted and summed the day).
ALTER TABLE "report_dirty_days" DROP CONSTRAINT "report_dirty_days_pkey";--> statement-breakpoint
ALTER TABLE "report_dirty_days" ADD COLUMN "id" bigint PRIMARY KEY NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "report_dirty_days_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1);--> statement-breakpoint
CREATE INDEX "report_dirty_days_day_idx" ON "report_dirty_days" USING btree ("day");
