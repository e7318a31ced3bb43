ALTER TABLE "ticket_sla" ADD COLUMN "next_timer_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "ticket_sla_next_timer_idx" ON "ticket_sla" USING btree ("next_timer_at") WHERE next_timer_at is not null;--> statement-breakpoint
-- Issue 18: SLA timers are fired by a sweeper over ticket_sla.next_timer_at, no longer by one
-- graphile-worker job per ticket and clock. Existing rows get their next timer from the timers
-- they already store (the same values the waiting sla.timer jobs carry) ...
UPDATE "ticket_sla" SET "next_timer_at" = (
  SELECT min((e.value ->> 'runAt')::timestamptz) FROM jsonb_each("timers") AS e
) WHERE "timers" IS NOT NULL;--> statement-breakpoint
-- ... and the waiting sla.timer jobs are removed (a job already running finishes; the sla.timer
-- handler stays for one added by an instance still on the old code: it re-reads the ticket and
-- records an alert once, so it runs out harmlessly).
DO $$
BEGIN
  IF to_regclass('graphile_worker._private_jobs') IS NOT NULL
     AND to_regprocedure('graphile_worker.remove_job(text)') IS NOT NULL THEN
    PERFORM graphile_worker.remove_job(j.key)
       FROM graphile_worker._private_jobs j
       JOIN graphile_worker._private_tasks t ON t.id = j.task_id
      WHERE t.identifier = 'sla.timer' AND j.key IS NOT NULL;
  END IF;
END $$;
