-- Service levels that work from the first start (SL-1, SL-2): a Monday-to-Friday office
-- calendar in China Standard Time, a round-the-clock policy for P1 and a business-hours
-- policy for everything else. Administrators edit or replace them; nothing depends on them.
INSERT INTO "sla_calendars" ("name", "timezone", "hours")
VALUES ('标准工作日历 Standard office hours', 'Asia/Shanghai',
  '[{"weekday":1,"from":"09:00","to":"18:00"},{"weekday":2,"from":"09:00","to":"18:00"},{"weekday":3,"from":"09:00","to":"18:00"},{"weekday":4,"from":"09:00","to":"18:00"},{"weekday":5,"from":"09:00","to":"18:00"}]'::jsonb);
--> statement-breakpoint
INSERT INTO "sla_policies" ("name", "order", "match", "calendar_id", "targets", "pause_statuses", "warn_at_percent", "breach_actions")
VALUES ('P1 紧急故障（全天候） P1 round the clock', 900, '{"priority":["P1"]}'::jsonb, NULL,
  '{"P1":{"firstResponseMinutes":15,"updateMinutes":60,"resolutionMinutes":240}}'::jsonb,
  '{pending_requester,pending_vendor}', 75,
  '{"notify":true,"escalateToNextTier":true,"raisePriority":false}'::jsonb);
--> statement-breakpoint
INSERT INTO "sla_policies" ("name", "order", "match", "calendar_id", "targets", "pause_statuses", "warn_at_percent", "breach_actions")
SELECT '标准服务级别 Standard', 1000, '{}'::jsonb, c."id",
  '{"P1":{"firstResponseMinutes":15,"updateMinutes":60,"resolutionMinutes":240},"P2":{"firstResponseMinutes":60,"updateMinutes":120,"resolutionMinutes":540},"P3":{"firstResponseMinutes":540,"updateMinutes":1080,"resolutionMinutes":2700},"P4":{"firstResponseMinutes":1080,"updateMinutes":2700,"resolutionMinutes":5400}}'::jsonb,
  '{pending_requester,pending_vendor}', 75,
  '{"notify":true,"escalateToNextTier":false,"raisePriority":false}'::jsonb
FROM "sla_calendars" c WHERE c."name" = '标准工作日历 Standard office hours';
--> statement-breakpoint
-- The account automatic actions (SLA breach escalation, routing) are recorded under. It has
-- no password and is inactive, so nobody can sign in as it.
INSERT INTO "users" ("email", "name", "role", "active")
VALUES ('automation@servicedesk.invalid', 'ServiceDesk 自动化', 'admin', false)
ON CONFLICT DO NOTHING;
