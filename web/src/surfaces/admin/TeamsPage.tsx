import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, Modal, Select, Table, type TableColumnsType, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TeamDto, Tier } from '../../../../contracts/identity.ts';
import { useCreateTeam, useTeams, useUpdateTeam } from '../../entities/team/api.ts';
import { TIERS, TierTag } from '../../entities/team/TierTag.tsx';
import { useStaffUsers } from '../../entities/user/useStaffUsers.ts';
import { PersonPicker } from '../../features/approvals/ApproverPicker.tsx';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { markFieldError } from '../../shared/ui/errors.ts';

type Values = { name: string; tier: Tier; leadId?: number | null; memberIds: number[] };

function TeamModal({ open, team, onClose }: { open: boolean; team: TeamDto | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const create = useCreateTeam();
  const update = useUpdateTeam();
  const { staff } = useStaffUsers();
  const mutation = team ? update : create;

  useEffect(() => {
    if (!open) return;
    create.reset();
    update.reset();
    form.resetFields();
    form.setFieldsValue(
      team
        ? { name: team.name, tier: team.tier, leadId: team.leadId, memberIds: team.memberIds }
        : { tier: 'L1', leadId: null, memberIds: [] },
    );
  }, [open, team, form, create.reset, update.reset]);

  const onFinish = async (values: Values) => {
    const onError = (error: unknown) =>
      markFieldError(form, t, error, ['name', 'tier', 'leadId', 'memberIds']);
    try {
      if (team) {
        await update.mutateAsync({ id: team.id, input: { ...values, leadId: values.leadId ?? null } });
      } else {
        const created = await create.mutateAsync({
          name: values.name.trim(),
          tier: values.tier,
          leadId: values.leadId ?? null,
        });
        if (values.memberIds.length > 0)
          await update.mutateAsync({ id: created.id, input: { memberIds: values.memberIds } });
      }
      onClose();
    } catch (error) {
      onError(error);
    }
  };

  return (
    <Modal
      open={open}
      title={team ? t('admin.teams.edit') : t('admin.teams.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending || update.isPending}
      forceRender
    >
      <ErrorAlert error={mutation.error ?? create.error} style={{ marginBottom: 12 }} />
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => void onFinish(values)}
        data-testid="team-form"
      >
        <Form.Item
          name="name"
          label={t('admin.teams.name')}
          rules={[{ required: true, whitespace: true }, { max: 120 }]}
        >
          <Input data-testid="team-name" />
        </Form.Item>
        <Form.Item name="tier" label={t('admin.teams.tier')} rules={[{ required: true }]}>
          <Select
            options={TIERS.map((tier) => ({ value: tier, label: `${t(`tier.${tier}`)} (${tier})` }))}
            data-testid="team-tier"
          />
        </Form.Item>
        <Form.Item
          name="leadId"
          label={t('approvals.admin.teamLead')}
          extra={t('approvals.admin.teamLeadHelp')}
        >
          <PersonPicker staffOnly testId="team-lead" />
        </Form.Item>
        <Form.Item name="memberIds" label={t('admin.teams.members')}>
          <Select
            mode="multiple"
            showSearch={{ optionFilterProp: 'label' }}
            options={staff.map((user) => ({ value: user.id, label: `${user.name} · ${user.email}` }))}
            data-testid="team-members"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function TeamsPage() {
  const { t } = useTranslation();
  const teams = useTeams();
  const { staff } = useStaffUsers();
  const [editing, setEditing] = useState<TeamDto | null>(null);
  const [open, setOpen] = useState(false);
  const name = (id: number) => staff.find((user) => user.id === id)?.name ?? `#${id}`;
  const edit = (team: TeamDto | null) => {
    setEditing(team);
    setOpen(true);
  };

  const columns: TableColumnsType<TeamDto> = [
    { key: 'name', title: t('admin.teams.name'), dataIndex: 'name' },
    { key: 'tier', title: t('admin.teams.tier'), render: (_, team) => <TierTag tier={team.tier} /> },
    {
      key: 'members',
      title: t('admin.teams.members'),
      render: (_, team) => team.memberIds.map((id) => <Tag key={id}>{name(id)}</Tag>),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_, team) => (
        <Button size="small" icon={<EditOutlined />} onClick={() => edit(team)}>
          {t('common.edit')}
        </Button>
      ),
    },
  ];
  return (
    <Card
      title={t('admin.menu.teams')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => edit(null)} data-testid="team-create">
          {t('admin.teams.create')}
        </Button>
      }
    >
      <ErrorAlert error={teams.error} style={{ marginBottom: 12 }} />
      <Table<TeamDto>
        rowKey="id"
        columns={columns}
        dataSource={teams.data ?? []}
        loading={teams.isPending}
        pagination={false}
      />
      <TeamModal open={open} team={editing} onClose={() => setOpen(false)} />
    </Card>
  );
}
