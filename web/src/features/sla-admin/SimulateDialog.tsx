import { ExperimentOutlined } from '@ant-design/icons';
import { Button, DatePicker, Descriptions, Flex, Modal, Select, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Policy, useCalendars, useSimulatePolicy } from '../../entities/sla/api.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';

const CLOCKS = ['firstResponse', 'nextUpdate', 'resolution'] as const;

/** Applies a (draft) policy, optionally with another calendar, to a past period and shows the compliance. */
export function SimulateDialog({ policy }: { policy: Policy }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(30, 'day'), dayjs()]);
  const [calendarId, setCalendarId] = useState<number | undefined>();
  const calendars = useCalendars();
  const simulate = useSimulatePolicy();
  const result = simulate.data;
  const percent = (value: number | null) => (value === null ? '—' : `${value}%`);
  return (
    <>
      <Button
        size="small"
        icon={<ExperimentOutlined />}
        onClick={() => setOpen(true)}
        data-testid="policy-simulate"
      >
        {t('slaAdmin.simulate')}
      </Button>
      <Modal
        open={open}
        width={760}
        title={t('slaAdmin.simulateTitle', { name: policy.name })}
        onCancel={() => setOpen(false)}
        okText={t('slaAdmin.simulateRun')}
        confirmLoading={simulate.isPending}
        onOk={() =>
          simulate.mutate({
            id: policy.id,
            from: range[0].startOf('day').toISOString(),
            to: range[1].endOf('day').toISOString(),
            ...(calendarId ? { calendarId } : {}),
          })
        }
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('slaAdmin.simulateHint')}</Typography.Paragraph>
        <Flex gap={12} wrap style={{ marginBottom: 12 }}>
          <DatePicker.RangePicker
            value={range}
            onChange={(value) => value?.[0] && value[1] && setRange([value[0], value[1]])}
          />
          <Select
            allowClear
            placeholder={t('slaAdmin.simulateCalendar')}
            style={{ minWidth: 240 }}
            value={calendarId}
            onChange={setCalendarId}
            options={(calendars.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          />
        </Flex>
        <ErrorAlert error={simulate.error} />
        {result && (
          <>
            <Descriptions size="small" column={3} style={{ marginBottom: 12 }}>
              <Descriptions.Item label={t('slaAdmin.simTickets')}>{result.tickets}</Descriptions.Item>
              <Descriptions.Item label={t('slaAdmin.simMatched')}>{result.matched}</Descriptions.Item>
              {result.truncated && <Descriptions.Item>{t('slaAdmin.simTruncated')}</Descriptions.Item>}
            </Descriptions>
            <Table
              size="small"
              pagination={false}
              rowKey="clock"
              dataSource={CLOCKS.map((clock) => ({
                clock,
                sim: result.simulated[clock],
                now: result.current[clock],
              }))}
              columns={[
                { key: 'clock', title: t('sla.clockLabel'), render: (_, row) => t(`sla.clock.${row.clock}`) },
                { key: 'met', title: t('sla.state.met'), render: (_, row) => row.sim.met },
                { key: 'breached', title: t('sla.state.breached'), render: (_, row) => row.sim.breached },
                {
                  key: 'open',
                  title: t('slaAdmin.simOpen'),
                  render: (_, row) => row.sim.running + row.sim.paused,
                },
                {
                  key: 'sim',
                  title: t('slaAdmin.simCompliance'),
                  render: (_, row) => percent(row.sim.compliancePercent),
                },
                {
                  key: 'now',
                  title: t('slaAdmin.simCurrent'),
                  render: (_, row) => percent(row.now.compliancePercent),
                },
              ]}
              data-testid="simulation-result"
            />
          </>
        )}
      </Modal>
    </>
  );
}
