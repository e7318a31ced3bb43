CREATE TABLE "report_dirty_days" (
	"day" date PRIMARY KEY NOT NULL,
	"marked_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_rollups" (
	"day" date NOT NULL,
	"d1" text NOT NULL,
	"k1" text NOT NULL,
	"d2" text NOT NULL,
	"k2" text NOT NULL,
	"n_in" double precision DEFAULT 0 NOT NULL,
	"repeats" double precision DEFAULT 0 NOT NULL,
	"escalated" double precision DEFAULT 0 NOT NULL,
	"fr_n" double precision DEFAULT 0 NOT NULL,
	"fr_sum" double precision DEFAULT 0 NOT NULL,
	"fr_business" double precision DEFAULT 0 NOT NULL,
	"n_out" double precision DEFAULT 0 NOT NULL,
	"fcr" double precision DEFAULT 0 NOT NULL,
	"reopened" double precision DEFAULT 0 NOT NULL,
	"res_n" double precision DEFAULT 0 NOT NULL,
	"res_sum" double precision DEFAULT 0 NOT NULL,
	"res_business" double precision DEFAULT 0 NOT NULL,
	"p1_n" double precision DEFAULT 0 NOT NULL,
	"p1_sum" double precision DEFAULT 0 NOT NULL,
	"cancelled" double precision DEFAULT 0 NOT NULL,
	"sla_fr_met" double precision DEFAULT 0 NOT NULL,
	"sla_fr_breached" double precision DEFAULT 0 NOT NULL,
	"sla_nu_met" double precision DEFAULT 0 NOT NULL,
	"sla_nu_breached" double precision DEFAULT 0 NOT NULL,
	"sla_res_met" double precision DEFAULT 0 NOT NULL,
	"sla_res_breached" double precision DEFAULT 0 NOT NULL,
	"csat_sent" double precision DEFAULT 0 NOT NULL,
	"csat_sent_answered" double precision DEFAULT 0 NOT NULL,
	"csat_n" double precision DEFAULT 0 NOT NULL,
	"csat_sum" double precision DEFAULT 0 NOT NULL,
	"speed_sum" double precision DEFAULT 0 NOT NULL,
	"attitude_sum" double precision DEFAULT 0 NOT NULL,
	"effectiveness_sum" double precision DEFAULT 0 NOT NULL,
	"overall_sum" double precision DEFAULT 0 NOT NULL,
	"satisfied" double precision DEFAULT 0 NOT NULL,
	"s1" double precision DEFAULT 0 NOT NULL,
	"s2" double precision DEFAULT 0 NOT NULL,
	"s3" double precision DEFAULT 0 NOT NULL,
	"s4" double precision DEFAULT 0 NOT NULL,
	"s5" double precision DEFAULT 0 NOT NULL,
	CONSTRAINT "report_rollups_day_d1_k1_d2_k2_pk" PRIMARY KEY("day","d1","k1","d2","k2")
);
--> statement-breakpoint
CREATE INDEX "report_rollups_first_idx" ON "report_rollups" USING btree ("d1","k1","day");--> statement-breakpoint
CREATE INDEX "report_rollups_second_idx" ON "report_rollups" USING btree ("d2","k2","day");--> statement-breakpoint
CREATE INDEX "report_intervals_open_range_idx" ON "report_status_intervals" USING gist (tstzrange("entered_at", "left_at", '[)')) WHERE "report_status_intervals"."status" in ('new', 'open', 'in_progress', 'pending_requester', 'pending_vendor');--> statement-breakpoint
CREATE INDEX "report_facts_cancelled_idx" ON "report_ticket_facts" USING btree ("closed_at") WHERE "report_ticket_facts"."status" = 'cancelled';