ALTER TABLE "chats" ALTER COLUMN "requester_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "chats" ADD COLUMN "visitor_name" text;--> statement-breakpoint
ALTER TABLE "chats" ADD COLUMN "visitor_email" text;--> statement-breakpoint
ALTER TABLE "chats" ADD COLUMN "verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "chats" ADD COLUMN "verification_code_hash" text;--> statement-breakpoint
ALTER TABLE "chats" ADD COLUMN "verification_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "chats" ADD COLUMN "verification_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "chats" ADD COLUMN "verification_sends" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Chats from the signed-in portal were always their requester's own.
UPDATE "chats" SET "verified_at" = "created_at" WHERE "source" = 'portal';--> statement-breakpoint
-- Widget chats opened before the code existed proved nothing: they keep the name and email the
-- visitor typed and no longer belong to the account with that email.
UPDATE "chats" c SET "visitor_name" = u."name", "visitor_email" = u."email", "requester_id" = NULL
  FROM "users" u WHERE u."id" = c."requester_id" AND c."source" = 'widget';
