import { Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SlaClockDto, TicketSlaDto } from '../../../../contracts/sla.ts';
import { SlaCountdown } from './SlaCountdown.tsx';

/**
 * The queue's SLA column: the clock that matters now (first response until it is met, then
 * resolution; the next update when it is the earlier one), counting down live.
 */
export function QueueSlaCell({ sla }: { sla: TicketSlaDto | undefined }) {
  const { t } = useTranslation();
  if (!sla || sla.policyId === null) return <span>—</span>;
  const open = (clock: SlaClockDto | null): clock is SlaClockDto =>
    clock !== null && clock.state !== 'met' && clock.stoppedAt === null;
  const shown = (['firstResponse', 'nextUpdate', 'resolution'] as const)
    .map((name) => ({ name, clock: sla[name] }))
    .filter((entry): entry is { name: typeof entry.name; clock: SlaClockDto } => open(entry.clock))
    .sort((a, b) => a.clock.remainingMinutes - b.clock.remainingMinutes)
    .slice(0, 1);
  if (shown.length === 0) {
    return <span data-testid="queue-sla">{t('sla.allMet')}</span>;
  }
  return (
    <Flex vertical gap={2} data-testid="queue-sla">
      {shown.map(({ name, clock }) => (
        <SlaCountdown key={name} clock={clock} computedAt={sla.computedAt} label={t(`sla.short.${name}`)} />
      ))}
    </Flex>
  );
}
