CREATE TABLE "asset_parts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "asset_parts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"quantity" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "asset_parts_quantity_nonnegative" CHECK ("asset_parts"."quantity" >= 0)
);
--> statement-breakpoint
CREATE TABLE "asset_relations" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "asset_relations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"from_asset_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"to_asset_id" bigint NOT NULL,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "asset_relations_not_self" CHECK ("asset_relations"."from_asset_id" <> "asset_relations"."to_asset_id")
);
--> statement-breakpoint
CREATE TABLE "asset_replacements" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "asset_replacements_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"asset_id" bigint NOT NULL,
	"part" text NOT NULL,
	"old_serial" text,
	"new_serial" text,
	"ticket_id" bigint,
	"part_stock_id" bigint,
	"actor_id" bigint,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "asset_tickets" (
	"asset_id" bigint NOT NULL,
	"ticket_id" bigint NOT NULL,
	"linked_by" bigint,
	"linked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "asset_tickets_asset_id_ticket_id_pk" PRIMARY KEY("asset_id","ticket_id")
);
--> statement-breakpoint
CREATE TABLE "asset_types" (
	"key" text PRIMARY KEY NOT NULL,
	"label" jsonb NOT NULL,
	"fields" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"builtin" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assets" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "assets_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"type" text NOT NULL,
	"serial_number" text,
	"location" text,
	"owner_id" bigint,
	"status" text DEFAULT 'in_use' NOT NULL,
	"criticality" text DEFAULT 'medium' NOT NULL,
	"custom_fields" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "asset_relations" ADD CONSTRAINT "asset_relations_from_asset_id_assets_id_fk" FOREIGN KEY ("from_asset_id") REFERENCES "public"."assets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_relations" ADD CONSTRAINT "asset_relations_to_asset_id_assets_id_fk" FOREIGN KEY ("to_asset_id") REFERENCES "public"."assets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_relations" ADD CONSTRAINT "asset_relations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_replacements" ADD CONSTRAINT "asset_replacements_asset_id_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."assets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_replacements" ADD CONSTRAINT "asset_replacements_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_replacements" ADD CONSTRAINT "asset_replacements_part_stock_id_asset_parts_id_fk" FOREIGN KEY ("part_stock_id") REFERENCES "public"."asset_parts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_replacements" ADD CONSTRAINT "asset_replacements_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_tickets" ADD CONSTRAINT "asset_tickets_asset_id_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."assets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_tickets" ADD CONSTRAINT "asset_tickets_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_tickets" ADD CONSTRAINT "asset_tickets_linked_by_users_id_fk" FOREIGN KEY ("linked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assets" ADD CONSTRAINT "assets_type_asset_types_key_fk" FOREIGN KEY ("type") REFERENCES "public"."asset_types"("key") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "assets" ADD CONSTRAINT "assets_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "asset_parts_name_key" ON "asset_parts" USING btree (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "asset_relations_unique" ON "asset_relations" USING btree ("from_asset_id","kind","to_asset_id");--> statement-breakpoint
CREATE INDEX "asset_relations_to_idx" ON "asset_relations" USING btree ("to_asset_id");--> statement-breakpoint
CREATE INDEX "asset_replacements_asset_idx" ON "asset_replacements" USING btree ("asset_id","at");--> statement-breakpoint
CREATE INDEX "asset_tickets_ticket_idx" ON "asset_tickets" USING btree ("ticket_id");--> statement-breakpoint
CREATE UNIQUE INDEX "assets_serial_number_key" ON "assets" USING btree ("serial_number") WHERE serial_number is not null;--> statement-breakpoint
CREATE INDEX "assets_type_idx" ON "assets" USING btree ("type");--> statement-breakpoint
CREATE INDEX "assets_owner_idx" ON "assets" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "assets_name_idx" ON "assets" USING btree (lower("name"));--> statement-breakpoint
-- Read models other modules may read (docs/read-models.md).
CREATE VIEW "assets_v" AS
  SELECT id, name, type, serial_number, location, owner_id, status, criticality, created_at, updated_at
    FROM assets;
--> statement-breakpoint
CREATE VIEW "asset_tickets_v" AS SELECT asset_id, ticket_id, linked_at FROM asset_tickets;
--> statement-breakpoint
CREATE VIEW "asset_relations_v" AS SELECT id, from_asset_id, kind, to_asset_id FROM asset_relations;
--> statement-breakpoint
-- The built-in asset types; administrators add their own and may add fields to these.
INSERT INTO "asset_types" ("key", "label", "fields", "builtin") VALUES
  ('device', '{"zh-CN":"终端设备","en":"Device"}', '[{"key":"model","label":{"zh-CN":"型号","en":"Model"},"type":"text","required":false},{"key":"purchaseDate","label":{"zh-CN":"购买日期","en":"Purchase date"},"type":"date","required":false}]', true),
  ('server', '{"zh-CN":"服务器","en":"Server"}', '[{"key":"ip","label":{"zh-CN":"IP 地址","en":"IP address"},"type":"text","required":false},{"key":"os","label":{"zh-CN":"操作系统","en":"Operating system"},"type":"text","required":false},{"key":"cpuCores","label":{"zh-CN":"CPU 核数","en":"CPU cores"},"type":"number","required":false}]', true),
  ('service', '{"zh-CN":"IT 服务","en":"Service"}', '[]', true),
  ('application', '{"zh-CN":"应用系统","en":"Application"}', '[{"key":"version","label":{"zh-CN":"版本","en":"Version"},"type":"text","required":false}]', true),
  ('network', '{"zh-CN":"网络设备","en":"Network"}', '[{"key":"ip","label":{"zh-CN":"管理 IP","en":"Management IP"},"type":"text","required":false}]', true),
  ('peripheral', '{"zh-CN":"外设","en":"Peripheral"}', '[]', true);
