import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Flex, Form, Input, Modal, Popconfirm, Select, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type DutyShift,
  useCreateDutyShift,
  useDeleteDutyShift,
  useDutyShifts,
} from '../../entities/sla/duty-roster-api.ts';
import { useTeams } from '../../entities/team/api.ts';
import { useCan } from '../../entities/user/api.ts';
import { useStaffUsers } from '../../entities/user/useStaffUsers.ts';
import { formatDateTime, nowInZone } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { markFieldError } from '../../shared/ui/errors.ts';

type Values = { teamId: number; userId: number; period: [Dayjs, Dayjs]; note?: string };

/** The duty roster (GV-3 值班表): who is on duty for which team; leads and admins plan the shifts. */
export default function DutyRosterPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const canManage = useCan('roster.manage');
  const [teamId, setTeamId] = useState<number | undefined>();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [
    nowInZone().startOf('day'),
    nowInZone().add(7, 'day').endOf('day'),
  ]);
  const teams = useTeams();
  const shifts = useDutyShifts({
    from: range[0].toISOString(),
    to: range[1].toISOString(),
    ...(teamId ? { teamId: String(teamId) } : {}),
  });
  const remove = useDeleteDutyShift();
  const create = useCreateDutyShift();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const formTeamId = Form.useWatch('teamId', form);
  const staff = useStaffUsers(open);
  const members = teams.data?.find((team) => team.id === formTeamId)?.memberIds ?? [];
  const teamName = (id: number) => teams.data?.find((team) => team.id === id)?.name ?? `#${id}`;

  const submit = async (values: Values) => {
    try {
      await create.mutateAsync({
        teamId: values.teamId,
        userId: values.userId,
        startsAt: values.period[0].toISOString(),
        endsAt: values.period[1].toISOString(),
        ...(values.note?.trim() ? { note: values.note.trim() } : {}),
      });
      message.success(t('roster.created'));
      setOpen(false);
      form.resetFields();
    } catch (error) {
      markFieldError(form, t, error, ['teamId', 'userId', 'note']);
    }
  };

  return (
    <Card
      title={t('roster.title')}
      extra={
        canManage && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setOpen(true)}
            data-testid="roster-new"
          >
            {t('roster.new')}
          </Button>
        )
      }
    >
      <Flex gap={12} wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder={t('roster.allTeams')}
          style={{ minWidth: 200 }}
          value={teamId}
          onChange={setTeamId}
          options={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))}
        />
        <DatePicker.RangePicker
          value={range}
          allowClear={false}
          onChange={(value) => {
            if (value?.[0] && value[1]) setRange([value[0].startOf('day'), value[1].endOf('day')]);
          }}
        />
      </Flex>
      <ErrorAlert error={shifts.error ?? remove.error} />
      <Table<DutyShift>
        rowKey="id"
        size="small"
        loading={shifts.isPending}
        dataSource={shifts.data ?? []}
        data-testid="roster-table"
        columns={[
          { key: 'team', title: t('roster.team'), render: (_, s) => teamName(s.teamId) },
          { key: 'user', dataIndex: 'userName', title: t('roster.agent') },
          { key: 'starts', title: t('roster.startsAt'), render: (_, s) => formatDateTime(s.startsAt) },
          { key: 'ends', title: t('roster.endsAt'), render: (_, s) => formatDateTime(s.endsAt) },
          { key: 'note', title: t('roster.note'), render: (_, s) => s.note ?? '' },
          ...(canManage
            ? [
                {
                  key: 'actions',
                  width: 60,
                  render: (_: unknown, s: DutyShift) => (
                    <Popconfirm title={t('roster.deleteConfirm')} onConfirm={() => remove.mutate(s.id)}>
                      <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('roster.delete')} />
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={open}
        title={t('roster.new')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        <ErrorAlert error={create.error} style={{ marginBottom: 12 }} />
        <Form form={form} layout="vertical" onFinish={submit} initialValues={{ teamId }}>
          <Form.Item
            name="teamId"
            label={t('roster.team')}
            rules={[{ required: true, message: t('roster.teamRequired') }]}
          >
            <Select
              options={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))}
              onChange={() => form.setFieldValue('userId', undefined)}
            />
          </Form.Item>
          <Form.Item
            name="userId"
            label={t('roster.agent')}
            rules={[{ required: true, message: t('roster.agentRequired') }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={staff.isPending}
              options={staff.staff
                .filter((user) => members.includes(user.id))
                .map((user) => ({ value: user.id, label: user.name }))}
            />
          </Form.Item>
          <Form.Item
            name="period"
            label={t('roster.period')}
            extra={t('roster.periodHint')}
            rules={[{ required: true, message: t('roster.periodRequired') }]}
          >
            <DatePicker.RangePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              style={{ width: '100%' }}
            />
          </Form.Item>
          <Form.Item name="note" label={t('roster.note')}>
            <Input maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
