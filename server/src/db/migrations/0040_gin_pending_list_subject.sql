-- Issue 18: the tickets' subject index (the queue's `subject ilike` filter) kept up to 4 MB of pending
-- entries, which every subject search reads: after a 20 s burst of new tickets, 500 pages, and such a
-- search took 14 ms instead of 0.1 until the next vacuum. 64 kB, as the tickets' word index (0039).
-- Set in place; the index is not built again.
ALTER INDEX "tickets_subject_trgm_idx" SET (gin_pending_list_limit = 64);
