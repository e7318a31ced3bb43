-- Starting notice templates (CM-2): outage, maintenance and upgrade, in both languages. Each
-- states the impact and the expected recovery time; administrators edit or add their own.
INSERT INTO "notice_templates" ("kind", "name", "locale", "subject", "body") VALUES
('outage', '系统故障通知', 'zh-CN', '【故障通知】{{service}} 服务中断',
 '各位同事：

{{service}} 当前出现故障，服务台已在紧急处理。

影响范围：{{impact}}
预计恢复时间：{{expectedRecovery}}

恢复后我们会再次通知。给您带来不便，敬请谅解。如需帮助，请联系服务台。'),
('outage', 'Service outage', 'en', '[Outage] {{service}} is unavailable',
 'Dear colleagues,

{{service}} is currently down and the service desk is working on it.

Impact: {{impact}}
Expected recovery: {{expectedRecovery}}

We will tell you as soon as it is back. We apologise for the inconvenience.'),
('maintenance', '计划维护通知', 'zh-CN', '【维护通知】{{service}} 计划维护',
 '各位同事：

为提升系统稳定性，{{service}} 将进行计划维护。

影响范围：{{impact}}
预计恢复时间：{{expectedRecovery}}

请提前保存工作。如有疑问，请联系服务台。'),
('maintenance', 'Planned maintenance', 'en', '[Maintenance] {{service}} planned maintenance',
 'Dear colleagues,

{{service}} will be under planned maintenance.

Impact: {{impact}}
Expected recovery: {{expectedRecovery}}

Please save your work beforehand. Contact the service desk with any questions.'),
('upgrade', '系统升级通知', 'zh-CN', '【升级通知】{{service}} 版本升级',
 '各位同事：

{{service}} 将升级到新版本。

影响范围：{{impact}}
预计恢复时间：{{expectedRecovery}}

升级完成后如遇问题，请通过服务台提交工单。'),
('upgrade', 'System upgrade', 'en', '[Upgrade] {{service}} is being upgraded',
 'Dear colleagues,

{{service}} is being upgraded to a new version.

Impact: {{impact}}
Expected recovery: {{expectedRecovery}}

If anything misbehaves afterwards, please open a ticket with the service desk.');
