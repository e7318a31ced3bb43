CREATE TABLE "alert_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "alert_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"alert_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_sources" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "alert_sources_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"token_hash" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"last_received_at" timestamp with time zone,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_storms" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "alert_storms_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"source_id" bigint NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_incident_at" timestamp with time zone DEFAULT now() NOT NULL,
	"incidents" integer NOT NULL,
	"first_ticket_id" bigint,
	"notified_user_ids" bigint[] DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "alerts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"source_id" bigint NOT NULL,
	"dedupe_key" text NOT NULL,
	"current" boolean DEFAULT true NOT NULL,
	"ticket_id" bigint NOT NULL,
	"status" text NOT NULL,
	"title" text NOT NULL,
	"severity" text,
	"fingerprint" text,
	"group_key" text,
	"labels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"annotations" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"links" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"raw" jsonb NOT NULL,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"occurrences" integer DEFAULT 1 NOT NULL,
	"flaps" integer DEFAULT 0 NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolve_due_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "alert_events" ADD CONSTRAINT "alert_events_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_sources" ADD CONSTRAINT "alert_sources_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_storms" ADD CONSTRAINT "alert_storms_source_id_alert_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."alert_sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_storms" ADD CONSTRAINT "alert_storms_first_ticket_id_tickets_id_fk" FOREIGN KEY ("first_ticket_id") REFERENCES "public"."tickets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_source_id_alert_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."alert_sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_events_alert_idx" ON "alert_events" USING btree ("alert_id","at");--> statement-breakpoint
CREATE INDEX "alert_storms_source_idx" ON "alert_storms" USING btree ("source_id","last_incident_at");--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_current_key" ON "alerts" USING btree ("source_id","dedupe_key") WHERE "alerts"."current";--> statement-breakpoint
CREATE INDEX "alerts_ticket_idx" ON "alerts" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "alerts_source_created_idx" ON "alerts" USING btree ("source_id","first_seen_at");--> statement-breakpoint
-- The account monitoring alerts are opened, resolved and reopened under (IN-5): the requester
-- of every alert incident and the actor of the timeline. No password and inactive, so nobody
-- can sign in as it and no mail is sent to it.
INSERT INTO "users" ("email", "name", "role", "active")
VALUES ('monitoring@servicedesk.invalid', '监控告警 Monitoring', 'agent', false)
ON CONFLICT DO NOTHING;
