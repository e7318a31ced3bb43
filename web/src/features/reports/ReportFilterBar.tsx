import { DatePicker, Flex, Input, Select } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { ReportQuery } from '../../entities/feedback/api.ts';
import { useTeams } from '../../entities/team/api.ts';
import { ticketOptions } from '../../entities/ticket/options.ts';
import { useStaffUsers } from '../../entities/user/useStaffUsers.ts';

/** Period, team, agent, channel, category and priority (MX-1). */
export function ReportFilterBar({
  value,
  onChange,
}: {
  value: ReportQuery;
  onChange: (next: ReportQuery) => void;
}) {
  const { t } = useTranslation();
  const teams = useTeams();
  const { staff } = useStaffUsers();
  const set = (key: keyof ReportQuery, v: string | undefined) =>
    onChange({ ...value, [key]: v || undefined });
  return (
    <Flex wrap gap={8} align="center" data-testid="report-filters">
      <DatePicker.RangePicker
        allowClear={false}
        value={[dayjs(value.from), dayjs(value.to)]}
        onChange={(range) => {
          if (range?.[0] && range[1])
            onChange({ ...value, from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') });
        }}
        aria-label={t('feedback.reports.period')}
      />
      <Select
        allowClear
        placeholder={t('feedback.reports.team')}
        style={{ minWidth: 160 }}
        value={value.teamId ? Number(value.teamId) : undefined}
        onChange={(v?: number) => set('teamId', v ? String(v) : undefined)}
        options={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))}
      />
      <Select
        allowClear
        showSearch
        optionFilterProp="label"
        placeholder={t('feedback.reports.agent')}
        style={{ minWidth: 160 }}
        value={value.agentId ? Number(value.agentId) : undefined}
        onChange={(v?: number) => set('agentId', v ? String(v) : undefined)}
        options={staff.map((u) => ({ value: u.id, label: u.name }))}
      />
      <Select
        allowClear
        placeholder={t('feedback.reports.channel')}
        style={{ minWidth: 120 }}
        value={value.channel}
        onChange={(v?: string) => set('channel', v)}
        options={ticketOptions.channel(t)}
      />
      <Select
        allowClear
        placeholder={t('feedback.reports.priority')}
        style={{ minWidth: 100 }}
        value={value.priority}
        onChange={(v?: string) => set('priority', v)}
        options={ticketOptions.priority()}
      />
      <Input.Search
        allowClear
        placeholder={t('feedback.reports.category')}
        style={{ width: 200 }}
        defaultValue={value.category}
        onSearch={(v) => set('category', v.trim())}
      />
    </Flex>
  );
}
