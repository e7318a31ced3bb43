CREATE TABLE "resolution_codes" (
	"code" text PRIMARY KEY NOT NULL,
	"label_en" text NOT NULL,
	"label_zh" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 100 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_resolutions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "ticket_resolutions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ticket_id" bigint NOT NULL,
	"resolution_code" text NOT NULL,
	"root_cause" text NOT NULL,
	"actions" text NOT NULL,
	"prevention" text NOT NULL,
	"first_contact" boolean DEFAULT false NOT NULL,
	"article_id" bigint,
	"resolved_by" bigint NOT NULL,
	"resolved_at" timestamp with time zone NOT NULL,
	"outcome" text DEFAULT 'pending' NOT NULL,
	"outcome_at" timestamp with time zone,
	"outcome_by" bigint,
	"outcome_comment" text,
	CONSTRAINT "ticket_resolutions_outcome_at" CHECK ("ticket_resolutions"."outcome" = 'pending' or "ticket_resolutions"."outcome_at" is not null)
);
--> statement-breakpoint
CREATE TABLE "csat_surveys" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "csat_surveys_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ticket_id" bigint NOT NULL,
	"requester_id" bigint NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"responded_at" timestamp with time zone,
	"source" text,
	"responded_by" bigint,
	"score" smallint,
	"speed" smallint,
	"attitude" smallint,
	"effectiveness" smallint,
	"overall" smallint,
	"comment" text,
	CONSTRAINT "csat_surveys_score" CHECK ("csat_surveys"."score" is null or "csat_surveys"."score" between 1 and 5),
	CONSTRAINT "csat_surveys_answered" CHECK (("csat_surveys"."responded_at" is null) = ("csat_surveys"."score" is null) and ("csat_surveys"."responded_at" is null) = ("csat_surveys"."source" is null))
);
--> statement-breakpoint
CREATE TABLE "nps_campaigns" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "nps_campaigns_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"question" text,
	"audience" jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_by" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "nps_invitations" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "nps_invitations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"campaign_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"organization_id" bigint,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"responded_at" timestamp with time zone,
	"score" smallint,
	"reason" text,
	CONSTRAINT "nps_invitations_score" CHECK ("nps_invitations"."score" is null or "nps_invitations"."score" between 0 and 10)
);
--> statement-breakpoint
CREATE TABLE "quality_followups" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "quality_followups_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ticket_id" bigint NOT NULL,
	"survey_id" bigint,
	"reason" text NOT NULL,
	"score" smallint,
	"comment" text,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" bigint,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "survey_callbacks" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "survey_callbacks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ticket_id" bigint NOT NULL,
	"agent_id" bigint NOT NULL,
	"outcome" text NOT NULL,
	"note" text,
	"score" smallint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_status_intervals" (
	"ticket_id" bigint NOT NULL,
	"seq" integer NOT NULL,
	"status" text NOT NULL,
	"entered_at" timestamp with time zone NOT NULL,
	"left_at" timestamp with time zone,
	CONSTRAINT "report_status_intervals_ticket_id_seq_pk" PRIMARY KEY("ticket_id","seq")
);
--> statement-breakpoint
CREATE TABLE "report_subscriptions" (
	"user_id" bigint PRIMARY KEY NOT NULL,
	"weekly" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_ticket_facts" (
	"ticket_id" bigint PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"type" text NOT NULL,
	"channel" text NOT NULL,
	"category_id" bigint,
	"priority" text NOT NULL,
	"team_id" bigint,
	"assignee_id" bigint,
	"organization_id" bigint,
	"requester_id" bigint NOT NULL,
	"status" text NOT NULL,
	"first_response_at" timestamp with time zone,
	"first_resolved_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"escalation_count" integer DEFAULT 0 NOT NULL,
	"first_contact" boolean DEFAULT false NOT NULL,
	"repeat_of" bigint,
	"response_business_seconds" integer,
	"resolution_business_seconds" integer,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_weekly_runs" (
	"week" text PRIMARY KEY NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recipients" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ticket_resolutions" ADD CONSTRAINT "ticket_resolutions_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_resolutions" ADD CONSTRAINT "ticket_resolutions_resolution_code_resolution_codes_code_fk" FOREIGN KEY ("resolution_code") REFERENCES "public"."resolution_codes"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_resolutions" ADD CONSTRAINT "ticket_resolutions_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_resolutions" ADD CONSTRAINT "ticket_resolutions_outcome_by_users_id_fk" FOREIGN KEY ("outcome_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "csat_surveys" ADD CONSTRAINT "csat_surveys_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "csat_surveys" ADD CONSTRAINT "csat_surveys_requester_id_users_id_fk" FOREIGN KEY ("requester_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "csat_surveys" ADD CONSTRAINT "csat_surveys_responded_by_users_id_fk" FOREIGN KEY ("responded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nps_campaigns" ADD CONSTRAINT "nps_campaigns_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nps_invitations" ADD CONSTRAINT "nps_invitations_campaign_id_nps_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."nps_campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nps_invitations" ADD CONSTRAINT "nps_invitations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_followups" ADD CONSTRAINT "quality_followups_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_followups" ADD CONSTRAINT "quality_followups_survey_id_csat_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."csat_surveys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_followups" ADD CONSTRAINT "quality_followups_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_callbacks" ADD CONSTRAINT "survey_callbacks_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_callbacks" ADD CONSTRAINT "survey_callbacks_agent_id_users_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_status_intervals" ADD CONSTRAINT "report_status_intervals_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_subscriptions" ADD CONSTRAINT "report_subscriptions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_ticket_facts" ADD CONSTRAINT "report_ticket_facts_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ticket_resolutions_ticket_idx" ON "ticket_resolutions" USING btree ("ticket_id","resolved_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "ticket_resolutions_resolved_idx" ON "ticket_resolutions" USING btree ("resolved_at");--> statement-breakpoint
CREATE UNIQUE INDEX "csat_surveys_ticket_key" ON "csat_surveys" USING btree ("ticket_id");--> statement-breakpoint
CREATE UNIQUE INDEX "csat_surveys_token_key" ON "csat_surveys" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "csat_surveys_responded_idx" ON "csat_surveys" USING btree ("responded_at");--> statement-breakpoint
CREATE INDEX "csat_surveys_created_idx" ON "csat_surveys" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "nps_campaigns_created_idx" ON "nps_campaigns" USING btree ("created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "nps_invitations_campaign_user_key" ON "nps_invitations" USING btree ("campaign_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "nps_invitations_token_key" ON "nps_invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "nps_invitations_user_idx" ON "nps_invitations" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "nps_invitations_responded_idx" ON "nps_invitations" USING btree ("responded_at");--> statement-breakpoint
CREATE INDEX "quality_followups_status_idx" ON "quality_followups" USING btree ("status","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "quality_followups_survey_key" ON "quality_followups" USING btree ("survey_id");--> statement-breakpoint
CREATE INDEX "survey_callbacks_ticket_idx" ON "survey_callbacks" USING btree ("ticket_id","created_at");--> statement-breakpoint
CREATE INDEX "report_intervals_status_entered_idx" ON "report_status_intervals" USING btree ("status","entered_at");--> statement-breakpoint
CREATE INDEX "report_intervals_left_idx" ON "report_status_intervals" USING btree (coalesce("left_at", 'infinity'::timestamptz),"entered_at") WHERE "report_status_intervals"."status" in ('new', 'open', 'in_progress', 'pending_requester', 'pending_vendor');--> statement-breakpoint
CREATE INDEX "report_facts_created_idx" ON "report_ticket_facts" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "report_facts_resolved_idx" ON "report_ticket_facts" USING btree ("resolved_at");--> statement-breakpoint
CREATE INDEX "report_facts_assignee_idx" ON "report_ticket_facts" USING btree ("assignee_id","created_at");--> statement-breakpoint
CREATE INDEX "report_facts_team_idx" ON "report_ticket_facts" USING btree ("team_id","created_at");--> statement-breakpoint
CREATE INDEX "report_facts_requester_idx" ON "report_ticket_facts" USING btree ("requester_id","created_at");