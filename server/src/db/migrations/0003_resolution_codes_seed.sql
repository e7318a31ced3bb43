-- The standard resolution codes (RS-1); administrators can add and retire codes later.
INSERT INTO "resolution_codes" ("code", "label_en", "label_zh", "sort_order") VALUES
  ('fixed', 'Fixed', '已修复', 10),
  ('workaround', 'Workaround provided', '提供临时解决方案', 20),
  ('configuration', 'Configuration changed', '配置调整', 30),
  ('hardware_replaced', 'Hardware or spare part replaced', '硬件/备件更换', 40),
  ('software_update', 'Software updated or reinstalled', '软件升级/重装', 50),
  ('user_guidance', 'Guidance given to the user', '用户指导', 60),
  ('request_fulfilled', 'Service request fulfilled', '服务请求已完成', 70),
  ('vendor_fix', 'Fixed by the vendor', '供应商修复', 80),
  ('duplicate', 'Duplicate of another ticket', '重复工单', 90),
  ('cannot_reproduce', 'Could not be reproduced', '无法复现', 100),
  ('no_fault_found', 'No fault found', '未发现故障', 110)
ON CONFLICT ("code") DO NOTHING;
