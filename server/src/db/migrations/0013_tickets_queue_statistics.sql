-- Queues filter on status together with the assignee or the priority; PostgreSQL's
-- per-column statistics miss how they go together (unassigned tickets are nearly all new
-- or open) and then read thousands of rows for a 50-row page. Multi-column statistics let
-- it pick the partial open-ticket indexes instead (docs/performance.md).
CREATE STATISTICS IF NOT EXISTS tickets_status_assignee_stats (mcv) ON status, (assignee_id IS NULL) FROM tickets;
--> statement-breakpoint
CREATE STATISTICS IF NOT EXISTS tickets_status_priority_stats (mcv) ON status, priority FROM tickets;
--> statement-breakpoint
ANALYZE tickets;
