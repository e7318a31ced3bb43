CREATE TABLE "im_contacts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "im_contacts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"platform" text NOT NULL,
	"external_user_id" text NOT NULL,
	"name" text NOT NULL,
	"user_id" bigint NOT NULL,
	"linked" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "im_bots" ALTER COLUMN "webhook_url" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "im_bots" ADD COLUMN "inbound_creds_enc" text;--> statement-breakpoint
ALTER TABLE "im_inbound" ADD COLUMN "platform" text;--> statement-breakpoint
ALTER TABLE "im_inbound" ADD COLUMN "contact_id" bigint;--> statement-breakpoint
ALTER TABLE "im_contacts" ADD CONSTRAINT "im_contacts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "im_contacts_platform_user_key" ON "im_contacts" USING btree ("platform","external_user_id");--> statement-breakpoint
CREATE INDEX "im_contacts_user_idx" ON "im_contacts" USING btree ("user_id");--> statement-breakpoint
ALTER TABLE "im_inbound" ADD CONSTRAINT "im_inbound_contact_id_im_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."im_contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "im_inbound_contact_idx" ON "im_inbound" USING btree ("contact_id","id");