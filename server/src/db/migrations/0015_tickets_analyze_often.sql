-- The queue's plans rest on how many tickets are open, unassigned, of each priority. By
-- default PostgreSQL re-samples a table after a tenth of it changed: 100,000 tickets at a
-- million, which a burst of new tickets never reaches, and the planner, believing the open
-- unassigned tickets few, sorted all 16,000 of them instead of reading the first page from
-- the index (48 ms instead of 3; docs/performance.md). Re-sample after 0.5% (and at least
-- 1,000) changed rows; ANALYZE reads a fixed sample, about half a second at a million.
ALTER TABLE "tickets" SET (autovacuum_analyze_scale_factor = 0.005, autovacuum_analyze_threshold = 1000);
-- The follow-up outbox is written and emptied all day: vacuum it often.
ALTER TABLE "ticket_follow_ups" SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000);
