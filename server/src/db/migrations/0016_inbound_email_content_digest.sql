DROP INDEX "inbound_emails_mailbox_message_key";--> statement-breakpoint
ALTER TABLE "inbound_emails" ADD COLUMN "content_digest" text NOT NULL DEFAULT 'legacy';--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_emails_mailbox_message_digest_key" ON "inbound_emails" USING btree ("mailbox_id","message_id","content_digest");--> statement-breakpoint
-- Rows stored before the digest keep 'legacy': storeInbound treats a Message-ID seen on a legacy
-- row as a redelivery (as before); every new row gets its real digest, so no default is kept.
ALTER TABLE "inbound_emails" ALTER COLUMN "content_digest" DROP DEFAULT;