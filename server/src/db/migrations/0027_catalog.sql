CREATE TABLE "catalog_items" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "catalog_items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"parent_id" bigint,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"description_zh" text DEFAULT '' NOT NULL,
	"description_en" text DEFAULT '' NOT NULL,
	"form" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"approval" jsonb,
	"tasks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"task_order" text DEFAULT 'sequential' NOT NULL,
	"sla_policy_id" bigint,
	"guide" text,
	"article_id" bigint,
	"published" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog_requests" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "catalog_requests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"item_id" bigint NOT NULL,
	"ticket_id" bigint NOT NULL,
	"answers" jsonb NOT NULL,
	"form" jsonb NOT NULL,
	"status" text NOT NULL,
	"approval_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog_tasks" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "catalog_tasks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"request_id" bigint NOT NULL,
	"ticket_id" bigint NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"team_id" bigint NOT NULL,
	"status" text NOT NULL,
	"done_by" bigint,
	"done_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "catalog_tasks_done" CHECK (("catalog_tasks"."status" = 'done') = ("catalog_tasks"."done_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "catalog_items" ADD CONSTRAINT "catalog_items_parent_id_catalog_items_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."catalog_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_requests" ADD CONSTRAINT "catalog_requests_item_id_catalog_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."catalog_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_requests" ADD CONSTRAINT "catalog_requests_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_tasks" ADD CONSTRAINT "catalog_tasks_request_id_catalog_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."catalog_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_tasks" ADD CONSTRAINT "catalog_tasks_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_tasks" ADD CONSTRAINT "catalog_tasks_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_tasks" ADD CONSTRAINT "catalog_tasks_done_by_users_id_fk" FOREIGN KEY ("done_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "catalog_items_parent_idx" ON "catalog_items" USING btree ("parent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_requests_ticket_idx" ON "catalog_requests" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "catalog_requests_item_idx" ON "catalog_requests" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "catalog_tasks_ticket_idx" ON "catalog_tasks" USING btree ("ticket_id","position");--> statement-breakpoint
-- Read model of the sla module for the catalog: which policies exist (docs/read-models.md).
CREATE VIEW sla_policies_v AS SELECT id, name, active FROM sla_policies;
