CREATE TABLE "problem_tickets" (
	"problem_id" bigint NOT NULL,
	"ticket_id" bigint NOT NULL,
	"linked_by" bigint,
	"linked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "problem_tickets_problem_id_ticket_id_pk" PRIMARY KEY("problem_id","ticket_id")
);
--> statement-breakpoint
CREATE TABLE "problems" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "problems_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'new' NOT NULL,
	"priority" text DEFAULT 'P3' NOT NULL,
	"root_cause" text,
	"workaround" text,
	"workaround_updated_at" timestamp with time zone,
	"asset_ids" bigint[] DEFAULT '{}' NOT NULL,
	"owner_id" bigint,
	"created_by" bigint,
	"known_error_article_id" bigint,
	"candidate_id" bigint,
	"resolved_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "problem_tickets" ADD CONSTRAINT "problem_tickets_problem_id_problems_id_fk" FOREIGN KEY ("problem_id") REFERENCES "public"."problems"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "problem_tickets" ADD CONSTRAINT "problem_tickets_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "problem_tickets" ADD CONSTRAINT "problem_tickets_linked_by_users_id_fk" FOREIGN KEY ("linked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "problems" ADD CONSTRAINT "problems_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "problems" ADD CONSTRAINT "problems_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "problem_tickets_ticket_idx" ON "problem_tickets" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "problems_status_idx" ON "problems" USING btree ("status","id" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "problems_candidate_idx" ON "problems" USING btree ("candidate_id");
--> statement-breakpoint
-- Read models of the problems module (docs/read-models.md).
CREATE VIEW problems_v AS SELECT id, title, status, priority, known_error_article_id, created_at, resolved_at, closed_at FROM problems;--> statement-breakpoint
CREATE VIEW problem_tickets_v AS SELECT problem_id, ticket_id, linked_at FROM problem_tickets;
