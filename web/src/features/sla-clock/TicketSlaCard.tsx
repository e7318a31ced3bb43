import { QuestionCircleOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Drawer, Empty, Flex, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClockExplainDto, TicketSlaDto } from '../../../../contracts/sla.ts';
import { useSlaExplain } from '../../entities/sla/api.ts';
import { formatDateTime, formatMinutesSpan } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { SlaCountdown } from './SlaCountdown.tsx';

/** Service-level targets count business time. */
const BUSINESS = { businessTime: true } as const;

const CLOCKS = ['firstResponse', 'nextUpdate', 'resolution'] as const;

function ClockExplanation({ clock }: { clock: ClockExplainDto }) {
  const { t, i18n } = useTranslation();
  const lines = i18n.language === 'zh-CN' ? clock.text['zh-CN'] : clock.text.en;
  return (
    <Card size="small" title={t(`sla.clock.${clock.clock}`)} data-testid={`sla-explain-${clock.clock}`}>
      <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('sla.policy')}>{clock.policyName}</Descriptions.Item>
        <Descriptions.Item label={t('sla.calendar')}>
          {clock.calendarName ?? t('sla.roundTheClock')} ({clock.timezone})
        </Descriptions.Item>
        <Descriptions.Item label={t('sla.target')}>
          {formatMinutesSpan(clock.targetMinutes, BUSINESS)} · {clock.priority}
        </Descriptions.Item>
        <Descriptions.Item label={t('sla.usedLabel')}>
          {formatMinutesSpan(clock.businessMinutesUsed, BUSINESS)}
        </Descriptions.Item>
        <Descriptions.Item label={t('sla.due')}>{formatDateTime(clock.dueAt)}</Descriptions.Item>
        <Descriptions.Item label={t('sla.stateLabel')}>
          <Tag>{t(`sla.state.${clock.state}`)}</Tag>
        </Descriptions.Item>
      </Descriptions>
      <Timeline items={lines.map((line, index) => ({ key: index, content: line }))} />
    </Card>
  );
}

/** The explanation of every clock (SL-3): history, pauses and why, and how the deadline was computed. */
function ExplainDrawer({
  ticketId,
  open,
  onClose,
}: {
  ticketId: number;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const explain = useSlaExplain(ticketId, open);
  const clocks = CLOCKS.map((name) => explain.data?.clocks[name]).filter((c): c is ClockExplainDto => !!c);
  return (
    <Drawer
      title={t('sla.explainTitle')}
      open={open}
      onClose={onClose}
      size="large"
      data-testid="sla-explain-drawer"
    >
      <ErrorAlert error={explain.error} />
      {explain.data && clocks.length === 0 && <Empty description={t('sla.noPolicy')} />}
      <Flex vertical gap={12}>
        {clocks.map((clock) => (
          <ClockExplanation key={clock.clock} clock={clock} />
        ))}
        {explain.data?.vendor.map((vendor) => (
          <Card
            key={vendor.handoffId}
            size="small"
            title={t('sla.vendorClock', { vendor: vendor.vendorName })}
          >
            {t('sla.vendorLine', {
              target: formatMinutesSpan(vendor.targetMinutes, BUSINESS),
              used: formatMinutesSpan(vendor.businessMinutesUsed, BUSINESS),
              due: formatDateTime(vendor.dueAt),
            })}
          </Card>
        ))}
      </Flex>
    </Drawer>
  );
}

/** The ticket's clocks, counting down live, with an "Explain" drawer. */
export function TicketSlaCard({ ticketId, sla }: { ticketId: number; sla: TicketSlaDto | null | undefined }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <Card
      size="small"
      title={t('sla.title')}
      data-testid="ticket-sla"
      extra={
        <Button
          size="small"
          icon={<QuestionCircleOutlined />}
          onClick={() => setOpen(true)}
          data-testid="sla-explain"
        >
          {t('sla.explain')}
        </Button>
      }
    >
      {!sla || sla.policyId === null ? (
        <Typography.Text type="secondary">{t('sla.noPolicy')}</Typography.Text>
      ) : (
        <Flex vertical gap={6}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('sla.policy')}: {sla.policyName}
          </Typography.Text>
          {CLOCKS.map((name) => {
            const clock = sla[name];
            if (!clock) return null;
            return (
              <Flex key={name} justify="space-between" align="center" gap={8}>
                <Typography.Text>{t(`sla.clock.${name}`)}</Typography.Text>
                <SlaCountdown clock={clock} computedAt={sla.computedAt} testId={`sla-clock-${name}`} />
              </Flex>
            );
          })}
          {sla.vendor && (
            <Flex justify="space-between" align="center" gap={8}>
              <Typography.Text>{t('sla.vendorClock', { vendor: sla.vendor.vendorName })}</Typography.Text>
              <Tag color={sla.vendor.state === 'breached' ? 'red' : 'default'}>
                {formatDateTime(sla.vendor.dueAt)}
              </Tag>
            </Flex>
          )}
        </Flex>
      )}
      <ExplainDrawer ticketId={ticketId} open={open} onClose={() => setOpen(false)} />
    </Card>
  );
}
