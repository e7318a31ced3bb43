DROP INDEX "search_documents_owner_idx";--> statement-breakpoint
CREATE INDEX "search_documents_owner_idx" ON "search_documents" USING btree ("source","owner_id","status");