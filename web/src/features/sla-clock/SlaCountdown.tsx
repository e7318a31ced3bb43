import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SlaClockDto } from '../../../../contracts/sla.ts';
import { formatDateTime, formatMinutesSpan } from '../../shared/lib/format.ts';
import { type ClockTone, formatMinutes, liveRemainingMinutes, toneOf } from './countdown.ts';
import { useNow } from './useNow.ts';

/** Service-level targets count business time. */
const BUSINESS = { businessTime: true } as const;

const COLOR: Record<ClockTone, string> = {
  ok: 'green',
  warning: 'orange',
  breached: 'red',
  paused: 'default',
  met: 'blue',
};

type Props = { clock: SlaClockDto; computedAt: string; label?: string; testId?: string };

/** One SLA clock, counting down live in business time: time left, overdue, paused or met. */
export function SlaCountdown({ clock, computedAt, label, testId }: Props) {
  const { t, i18n } = useTranslation();
  const now = useNow(1000);
  const zh = i18n.language === 'zh-CN';
  const remaining = liveRemainingMinutes(clock, computedAt, now);
  const tone = toneOf(clock, remaining);
  const amount = formatMinutes(remaining, zh);
  let text: string;
  if (tone === 'met') text = t('sla.state.met');
  else if (tone === 'breached') text = t('sla.overdue', { time: amount });
  else if (tone === 'paused') text = t('sla.pausedLeft', { time: amount });
  else text = t('sla.left', { time: amount });
  const due = clock.dueAt ? t('sla.dueAt', { time: formatDateTime(clock.dueAt) }) : t('sla.noDueWhilePaused');
  return (
    <Tooltip
      title={`${due} · ${t('sla.used', { used: formatMinutesSpan(clock.businessMinutesUsed, BUSINESS), target: formatMinutesSpan(clock.targetMinutes, BUSINESS) })}`}
    >
      <Tag
        color={COLOR[tone]}
        data-testid={testId ?? 'sla-countdown'}
        data-tone={tone}
        style={{ marginInlineEnd: 4 }}
      >
        {label ? `${label} ` : ''}
        {text}
      </Tag>
    </Tooltip>
  );
}
