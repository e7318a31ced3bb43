import type { TicketStatus } from '../../../../../contracts/tickets.ts';
import type { ClockResult, ClockStep } from './clock-result.ts';
import type { ClockName } from './policy.ts';
import { formatInZone, TIME } from './zone.ts';

export type TextLocale = 'en' | 'zh-CN';

const STATUS: Record<TicketStatus, { en: string; zh: string }> = {
  new: { en: 'new', zh: '新建' },
  open: { en: 'open', zh: '已受理' },
  in_progress: { en: 'in progress', zh: '处理中' },
  pending_requester: { en: 'waiting on requester', zh: '等待请求人' },
  pending_vendor: { en: 'waiting on vendor', zh: '等待供应商' },
  pending_approval: { en: 'waiting for approval', zh: '等待审批' },
  resolved: { en: 'resolved', zh: '已解决' },
  closed: { en: 'closed', zh: '已关闭' },
  cancelled: { en: 'cancelled', zh: '已取消' },
};

const STOP_REASON: Record<string, { en: string; zh: string }> = {
  first_reply: { en: 'first public reply by the desk', zh: '服务台首次公开回复' },
  agent_reply: { en: 'progress update to the requester', zh: '已向请求人发送进展更新' },
  resolved: { en: 'ticket resolved', zh: '工单已解决' },
  closed: { en: 'ticket closed', zh: '工单已关闭' },
  cancelled: { en: 'ticket cancelled', zh: '工单已取消' },
};

export const CLOCK_LABEL: Record<ClockName, { en: string; zh: string }> = {
  firstResponse: { en: 'First response', zh: '首次响应' },
  nextUpdate: { en: 'Next update', zh: '进展更新' },
  resolution: { en: 'Resolution', zh: '解决时限' },
};

/** "3h 12m" / "3小时12分钟"; "0m" / "0分钟" for nothing. */
export function formatDuration(ms: number, locale: TextLocale): string {
  const total = Math.round(Math.abs(ms) / TIME.MINUTE);
  const hours = Math.floor(total / 60);
  const minutes = total % 60;
  if (locale === 'zh-CN') {
    if (hours === 0) return `${minutes}分钟`;
    return minutes === 0 ? `${hours}小时` : `${hours}小时${minutes}分钟`;
  }
  if (hours === 0) return `${minutes}m`;
  return minutes === 0 ? `${hours}h` : `${hours}h ${minutes}m`;
}

function statusLabel(status: TicketStatus | undefined, locale: TextLocale): string {
  if (!status) return '';
  return locale === 'zh-CN' ? STATUS[status].zh : STATUS[status].en;
}

function stepLine(step: ClockStep, zone: string, locale: TextLocale): string {
  const time = formatInZone(zone, step.at);
  const zh = locale === 'zh-CN';
  switch (step.kind) {
    case 'started':
      if (step.policyName === null)
        return zh ? `${time} 开始；暂无适用的策略。` : `Started ${time}; no policy applied.`;
      return zh
        ? `${time} 开始计时，适用策略“${step.policyName}”。`
        : `Started ${time} under policy “${step.policyName}”.`;
    case 'cycle_started':
      return zh
        ? `${time} 服务台公开回复，第 ${step.cycle} 个进展更新周期开始。`
        : `Update cycle ${step.cycle} started ${time} with a public reply by the desk.`;
    case 'paused':
      return zh
        ? `${time} 暂停计时：${statusLabel(step.status, locale)}。`
        : `Paused ${time}: ${statusLabel(step.status, locale)}.`;
    case 'resumed': {
      const wall = formatDuration(step.pausedMs, locale);
      const business = formatDuration(step.pausedBusinessMs, locale);
      return zh
        ? `${time} 恢复计时：${statusLabel(step.status, locale)}，暂停 ${wall}（其中工作时间 ${business}）。`
        : `Resumed ${time}: paused ${wall} ${statusLabel(step.status, locale)} (${business} of business time).`;
    }
    case 'stopped': {
      const reason = STOP_REASON[step.reason] ?? { en: step.reason, zh: step.reason };
      return zh ? `${time} 停止计时：${reason.zh}。` : `Stopped ${time}: ${reason.en}.`;
    }
    case 'reopened':
      return zh ? `${time} 工单重新打开，恢复计时。` : `Resumed ${time}: ticket reopened.`;
    case 'priority_changed':
      return zh
        ? `${time} 优先级由 ${step.from} 调整为 ${step.to}。`
        : `Priority changed from ${step.from} to ${step.to} at ${time}.`;
    case 'policy_changed': {
      const from = step.fromPolicyName ?? (zh ? '无' : 'none');
      const to = step.policyName ?? (zh ? '无' : 'none');
      return zh
        ? `${time} 适用策略由“${from}”变为“${to}”。`
        : `Policy changed at ${time} from “${from}” to “${to}”.`;
    }
    case 'no_policy':
      return zh
        ? `${time} 起没有适用的策略，不计时。`
        : `From ${time} no policy applied; the clock stood still.`;
    case 'policy_applies':
      return zh ? `${time} 起重新适用策略，继续计时。` : `From ${time} a policy applied again.`;
  }
}

function summaryLine(clock: ClockResult, locale: TextLocale): string {
  const zh = locale === 'zh-CN';
  const zone = clock.timezone;
  const target = formatDuration(clock.targetMinutes * TIME.MINUTE, locale);
  const used = formatDuration(clock.usedMs, locale);
  const remaining = formatDuration(clock.remainingMs, locale);
  const paused = formatDuration(clock.pausedMs, locale);
  const calendar = clock.calendarName ?? (zh ? '全天候' : 'round the clock');
  const basis = zh
    ? `目标 ${target} 工作时间（${clock.priority}，策略“${clock.policyName}”，日历“${calendar}”，${zone}）。`
    : `Target ${target} of business time (${clock.priority}, policy “${clock.policyName}”, calendar “${calendar}”, ${zone}).`;
  const due = clock.dueAt === null ? null : formatInZone(zone, clock.dueAt);
  const start = formatInZone(zone, clock.startedAt);
  switch (clock.state) {
    case 'running':
      return zh
        ? `${basis}已用 ${used}，剩余 ${remaining}。截止时间 ${due}：自 ${start} 起累计 ${target} 工作时间，跳过非工作时间和 ${paused} 的暂停。`
        : `${basis} Used ${used}, ${remaining} left. Due ${due}: ${target} of business time counted from ${start}, skipping closed hours and ${paused} of pauses.`;
    case 'paused':
      return zh
        ? `${basis}已用 ${used}，剩余 ${remaining}。暂停中，恢复计时后重新计算截止时间。`
        : `${basis} Used ${used}, ${remaining} left. Paused: the deadline is set again when the clock resumes.`;
    case 'met':
      return zh
        ? `${basis}已达成：用时 ${used}（当时的截止时间为 ${due}）。`
        : `${basis} Met: ${used} used (the deadline then was ${due}).`;
    case 'breached':
      return zh
        ? `${basis}已超时：截止时间为 ${due}，已用 ${used}，超出 ${remaining}。`
        : `${basis} Breached: it was due ${due}; ${used} used, ${remaining} over.`;
  }
}

/** The clock's history as sentences, oldest first, ending with how the deadline was computed. */
export function explainClock(clock: ClockResult, locale: TextLocale): string[] {
  const zh = locale === 'zh-CN';
  const cycles = clock.cycles.map((cycle) => {
    const state = cycle.state === 'breached' ? (zh ? '超时' : 'breached') : zh ? '按时' : 'met';
    const from = formatInZone(clock.timezone, cycle.startedAt);
    const to = formatInZone(clock.timezone, cycle.endedAt);
    return zh
      ? `第 ${cycle.cycle} 个进展更新周期（${from} 至 ${to}）：${state}。`
      : `Update cycle ${cycle.cycle} (${from} to ${to}): ${state}.`;
  });
  const lines = [...cycles, ...clock.steps.map((step) => stepLine(step, clock.timezone, locale))];
  lines.push(summaryLine(clock, locale));
  return lines;
}
