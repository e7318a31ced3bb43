CREATE TABLE "change_assets" (
	"change_id" bigint NOT NULL,
	"asset_id" bigint NOT NULL,
	CONSTRAINT "change_assets_change_id_asset_id_pk" PRIMARY KEY("change_id","asset_id")
);
--> statement-breakpoint
CREATE TABLE "change_freezes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "change_freezes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "change_templates" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "change_templates_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"impact" text DEFAULT 'low' NOT NULL,
	"implementation_plan" text DEFAULT '' NOT NULL,
	"rollback_plan" text DEFAULT '' NOT NULL,
	"test_plan" text DEFAULT '' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "change_tickets" (
	"change_id" bigint NOT NULL,
	"ticket_id" bigint NOT NULL,
	"relation" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "change_tickets_change_id_ticket_id_relation_pk" PRIMARY KEY("change_id","ticket_id","relation")
);
--> statement-breakpoint
CREATE TABLE "changes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"type" text NOT NULL,
	"template_id" bigint,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"impact" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"computed_risk" text DEFAULT 'low' NOT NULL,
	"risk_factors" jsonb NOT NULL,
	"risk_override" text,
	"risk_reason" text,
	"planned_start" timestamp with time zone NOT NULL,
	"planned_end" timestamp with time zone NOT NULL,
	"implementation_plan" text DEFAULT '' NOT NULL,
	"rollback_plan" text DEFAULT '' NOT NULL,
	"test_plan" text DEFAULT '' NOT NULL,
	"problem_id" bigint,
	"owner_id" bigint,
	"approval_id" bigint,
	"approval_stage" text,
	"approval_mode" text,
	"freeze_approver_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"outcome" text,
	"implementation_notes" text,
	"implemented_at" timestamp with time zone,
	"review_required" boolean DEFAULT false NOT NULL,
	"review_notes" text,
	"reviewed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "change_assets" ADD CONSTRAINT "change_assets_change_id_changes_id_fk" FOREIGN KEY ("change_id") REFERENCES "public"."changes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_freezes" ADD CONSTRAINT "change_freezes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_tickets" ADD CONSTRAINT "change_tickets_change_id_changes_id_fk" FOREIGN KEY ("change_id") REFERENCES "public"."changes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_tickets" ADD CONSTRAINT "change_tickets_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "changes" ADD CONSTRAINT "changes_template_id_change_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."change_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "changes" ADD CONSTRAINT "changes_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "change_assets_asset_idx" ON "change_assets" USING btree ("asset_id","change_id");--> statement-breakpoint
CREATE INDEX "change_freezes_window_idx" ON "change_freezes" USING btree ("starts_at","ends_at");--> statement-breakpoint
CREATE INDEX "change_tickets_ticket_idx" ON "change_tickets" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "changes_window_idx" ON "changes" USING gist (tstzrange("planned_start", "planned_end", '[)'));--> statement-breakpoint
CREATE INDEX "changes_status_idx" ON "changes" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "changes_problem_idx" ON "changes" USING btree ("problem_id") WHERE "changes"."problem_id" is not null;--> statement-breakpoint
-- Read models the changes module publishes (docs/read-models.md).
CREATE VIEW "changes_v" AS
  SELECT id, type, status, outcome, planned_start, planned_end, implemented_at, created_at FROM "changes";--> statement-breakpoint
CREATE VIEW "change_tickets_v" AS
  SELECT change_id, ticket_id, relation, created_at FROM "change_tickets";
