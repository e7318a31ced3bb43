DROP INDEX "search_documents_terms_idx";--> statement-breakpoint
CREATE INDEX "search_documents_article_terms_idx" ON "search_documents" USING gin ("terms") WHERE source = 'article';--> statement-breakpoint
CREATE INDEX "search_documents_ticket_terms_idx" ON "search_documents" USING gin ("terms") WHERE source = 'ticket';