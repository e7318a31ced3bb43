import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Select, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role, UserDto } from '../../../../contracts/identity.ts';
import { useOrganizations } from '../../entities/organization/api.ts';
import { useTeams } from '../../entities/team/api.ts';
import { useUsers } from '../../entities/user/api.ts';
import { RoleTag } from '../../entities/user/RoleTag.tsx';
import { ROLES } from '../../entities/user/roles.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { UserFormModal } from './UserFormModal.tsx';

export default function UsersPage() {
  const { t } = useTranslation();
  const [role, setRole] = useState<Role | undefined>();
  const [q, setQ] = useState('');
  const users = useUsers({ role, q: q || undefined });
  const teams = useTeams();
  const organizations = useOrganizations();
  const [editing, setEditing] = useState<UserDto | null>(null);
  const [open, setOpen] = useState(false);

  const teamName = (id: number) => teams.data?.find((team) => team.id === id)?.name ?? `#${id}`;
  const orgName = (id: number | null) =>
    id === null ? '—' : (organizations.data?.find((org) => org.id === id)?.name ?? `#${id}`);

  const columns: TableColumnsType<UserDto> = [
    {
      key: 'name',
      title: t('admin.users.name'),
      render: (_, user) => <Typography.Text strong>{user.name}</Typography.Text>,
    },
    { key: 'email', title: t('admin.users.email'), dataIndex: 'email' },
    { key: 'role', title: t('admin.users.role'), render: (_, user) => <RoleTag role={user.role} /> },
    { key: 'org', title: t('admin.users.organization'), render: (_, user) => orgName(user.organizationId) },
    {
      key: 'teams',
      title: t('admin.users.teams'),
      render: (_, user) => user.teamIds.map((id) => <Tag key={id}>{teamName(id)}</Tag>),
    },
    {
      key: 'active',
      title: t('admin.users.active'),
      render: (_, user) =>
        user.active ? (
          <Tag color="green">{t('admin.users.isActive')}</Tag>
        ) : (
          <Tag>{t('admin.users.inactive')}</Tag>
        ),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_, user) => (
        <Button
          size="small"
          icon={<EditOutlined />}
          onClick={() => {
            setEditing(user);
            setOpen(true);
          }}
          data-testid="user-edit"
        >
          {t('common.edit')}
        </Button>
      ),
    },
  ];

  return (
    <Card
      title={t('admin.menu.users')}
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => {
            setEditing(null);
            setOpen(true);
          }}
          data-testid="user-create"
        >
          {t('admin.users.create')}
        </Button>
      }
    >
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('admin.users.search')}
          onSearch={setQ}
          style={{ width: 260 }}
        />
        <Select<Role>
          allowClear
          placeholder={t('admin.users.role')}
          value={role}
          onChange={setRole}
          options={ROLES.map((value) => ({ value, label: t(`role.${value}`) }))}
          style={{ width: 160 }}
        />
      </Flex>
      <ErrorAlert error={users.error} style={{ marginBottom: 12 }} />
      <Table<UserDto>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={users.data ?? []}
        loading={users.isPending}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        data-testid="users-table"
      />
      <UserFormModal open={open} user={editing} onClose={() => setOpen(false)} />
    </Card>
  );
}
