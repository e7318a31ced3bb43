/** The words of exported reports (CSV, XLSX, PDF, mail), in both interface languages. */
export type ExportLocale = 'zh-CN' | 'en';

const METRICS: Record<string, [string, string]> = {
  tickets_in: ['Tickets in', '新增工单'],
  tickets_out: ['Tickets resolved', '已解决工单'],
  tickets_cancelled: ['Tickets cancelled', '已取消工单'],
  backlog: ['Backlog (open tickets)', '积压工单（未解决）'],
  backlog_median_age: ['Backlog median age (h)', '积压工单年龄中位数（小时）'],
  backlog_p90_age: ['Backlog 90th percentile age (h)', '积压工单年龄 P90（小时）'],
  first_response_median: ['Time to first response, median (h)', '首次响应时长中位数（小时）'],
  first_response_p90: ['Time to first response, 90th percentile (h)', '首次响应时长 P90（小时）'],
  resolution_median: ['Time to resolution, median (h)', '解决时长中位数（小时）'],
  resolution_p90: ['Time to resolution, 90th percentile (h)', '解决时长 P90（小时）'],
  p1_resolution_mean: ['P1 mean time to resolve (h)', 'P1 平均解决时长（小时）'],
  first_contact_rate: ['First-contact resolution rate (%)', '首次解决率（%）'],
  reopen_rate: ['Reopen rate (%)', '重新打开率（%）'],
  repeat_rate: ['Repeat rate (%)', '重复报修率（%）'],
  escalation_rate: ['Escalation rate (%)', '升级率（%）'],
  sla_first_response: ['SLA compliance, first response (%)', 'SLA 达成率：首次响应（%）'],
  sla_next_update: ['SLA compliance, progress updates (%)', 'SLA 达成率：进展更新（%）'],
  sla_resolution: ['SLA compliance, resolution (%)', 'SLA 达成率：解决（%）'],
  csat_average: ['CSAT average (1-5)', '满意度平均分（1-5）'],
  csat_responses: ['CSAT answers', '满意度评价数'],
  csat_response_rate: ['CSAT response rate (%)', '满意度评价回收率（%）'],
  csat_speed: ['CSAT: speed', '满意度：响应速度'],
  csat_attitude: ['CSAT: attitude', '满意度：服务态度'],
  csat_effectiveness: ['CSAT: effectiveness', '满意度：解决效果'],
  csat_overall: ['CSAT: overall', '满意度：总体评价'],
  nps: ['NPS', '净推荐值（NPS）'],
};

const WORDS: Record<string, [string, string]> = {
  metric: ['Measure', '指标'],
  value: ['Value', '数值'],
  week: ['This week', '本周'],
  week_minus: ['Week -{n}', '前第 {n} 周'],
  previous_average: ['Average of the 4 weeks before', '前 4 周平均'],
  change: ['Change', '变化'],
  status: ['Status', '状态'],
  tickets: ['Tickets', '工单数'],
  total_hours: ['Total waiting (h)', '累计等待（小时）'],
  median_hours: ['Median wait (h)', '等待中位数（小时）'],
  p90_hours: ['90th percentile wait (h)', '等待 P90（小时）'],
  longest_hours: ['Longest (h)', '最长（小时）'],
  over_target: ['Over contract target', '超出合同时限'],
  vendor: ['Vendor', '供应商'],
  no_vendor: ['(waiting on a vendor, none recorded)', '（等待供应商，未登记供应商）'],
  number: ['Ticket', '工单号'],
  subject: ['Subject', '主题'],
  waiting_hours: ['Waiting (h)', '已等待（小时）'],
  agent: ['Agent', '处理人'],
  assigned: ['Assigned', '分派'],
  resolved: ['Resolved', '已解决'],
  open: ['Open', '未解决'],
  mean_resolution_hours: ['Mean resolution (h)', '平均解决时长（小时）'],
  csat_average: ['CSAT average', '满意度平均分'],
  csat_responses: ['CSAT answers', '满意度评价数'],
  category: ['Category', '分类'],
  channel: ['Channel', '渠道'],
  priority: ['Priority', '优先级'],
  team: ['Team', '团队'],
  key: ['Key', '项目'],
  in: ['In', '新增'],
  out: ['Resolved', '解决'],
  day: ['Day', '日期'],
  bucket: ['Age', '积压时长'],
  count: ['Tickets', '工单数'],
  previous_weekly_average: ['Weekly average, 4 weeks before', '前 4 周周均'],
  status_waits: ['Where tickets waited', '工单等待环节'],
  vendor_delays: ['Vendor delays', '供应商延误'],
  longest_waiting: ['Longest waiting open tickets', '等待最久的未结工单'],
  agents: ['Agents', '处理人绩效'],
  categories: ['Busiest categories', '高发分类'],
  metrics: ['Figures', '核心指标'],
  weekly_title: ['Weekly service desk report {week}', '服务台周报 {week}'],
  summary_title: ['Service desk report', '服务台报表'],
  period: ['Period: {from} - {to} ({tz})', '统计周期：{from} 至 {to}（{tz}）'],
  generated: ['Generated {at}', '生成时间 {at}'],
  none: ['(none)', '（无）'],
  ticket_id: ['Ticket id', '工单 ID'],
  created_at: ['Created', '创建时间'],
  resolved_at: ['Resolved', '解决时间'],
  assignee: ['Assignee', '处理人'],
  lt_1d: ['< 1 day', '1 天内'],
  '1d_3d': ['1-3 days', '1-3 天'],
  '3d_7d': ['3-7 days', '3-7 天'],
  '7d_30d': ['7-30 days', '7-30 天'],
  gt_30d: ['> 30 days', '30 天以上'],
  font_missing: [
    'Chinese text cannot be shown: no CJK font is installed on the server (see REPORT_PDF_FONT).',
    '服务器未安装中文字体，中文无法显示（参见 REPORT_PDF_FONT）。',
  ],
};

const STATUSES: Record<string, [string, string]> = {
  new: ['New', '新建'],
  open: ['Open', '待处理'],
  in_progress: ['In progress', '处理中'],
  pending_requester: ['Waiting on requester', '等待请求人'],
  pending_vendor: ['Waiting on vendor', '等待供应商'],
  pending_approval: ['Waiting for approval', '等待审批'],
  resolved: ['Resolved, awaiting confirmation', '已解决待确认'],
  closed: ['Closed', '已关闭'],
  cancelled: ['Cancelled', '已取消'],
};

const CHANNELS: Record<string, [string, string]> = {
  portal: ['Portal', '自助门户'],
  email: ['Email', '邮件'],
  chat: ['Chat', '在线聊天'],
  phone: ['Phone', '电话'],
  im: ['IM', '即时通讯'],
  api: ['API', 'API'],
  monitoring: ['Monitoring', '监控告警'],
  import: ['Import', '导入'],
};

const pick = (entry: [string, string] | undefined, locale: ExportLocale, fallback: string) =>
  entry ? entry[locale === 'zh-CN' ? 1 : 0] : fallback;

export function metricLabel(key: string, locale: ExportLocale): string {
  return pick(METRICS[key], locale, key);
}

export function word(
  key: string,
  locale: ExportLocale,
  params: Record<string, string | number> = {},
): string {
  return pick(WORDS[key], locale, key).replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
}

export function statusLabel(status: string, locale: ExportLocale): string {
  return pick(STATUSES[status], locale, status);
}

export function channelLabel(channel: string, locale: ExportLocale): string {
  return pick(CHANNELS[channel], locale, channel);
}
