CREATE TABLE "sla_ticket_policies" (
	"ticket_id" bigint PRIMARY KEY NOT NULL,
	"policy_id" bigint NOT NULL,
	"set_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sla_ticket_policies" ADD CONSTRAINT "sla_ticket_policies_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_ticket_policies" ADD CONSTRAINT "sla_ticket_policies_policy_id_sla_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."sla_policies"("id") ON DELETE cascade ON UPDATE no action;