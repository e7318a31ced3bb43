CREATE INDEX "search_documents_indexed_idx" ON "search_documents" USING btree ("source","indexed_at");--> statement-breakpoint
-- Every change of an index row moves indexed_at (the transaction's start), so that a process's window of open
-- tickets (search/open-tickets.ts), which reads the rows written since its last read, sees status changes
-- made by any statement, not only by the indexer's upsert.
CREATE OR REPLACE FUNCTION search_documents_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.indexed_at := now();
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER search_documents_touch BEFORE UPDATE ON search_documents
  FOR EACH ROW EXECUTE FUNCTION search_documents_touch();
--> statement-breakpoint
-- The corpus' size as two pseudo-terms of the frequencies (search/documents.ts CORPUS_TERMS): the number of
-- documents and the sum of their lengths per source, kept from now on by the indexer's deltas.
INSERT INTO search_terms (source, term, df)
SELECT s.source, t.term, t.n
  FROM (SELECT source, count(*)::int AS documents, coalesce(sum(length), 0)::int AS length
          FROM search_documents GROUP BY source) s
 CROSS JOIN LATERAL (VALUES (chr(1) || 'documents', s.documents), (chr(1) || 'length', s.length)) AS t(term, n)
ON CONFLICT (source, term) DO UPDATE SET df = excluded.df;
