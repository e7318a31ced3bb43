import { Checkbox, Form, Input, Modal, Select, Switch } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../../contracts/common.ts';
import type { Role, UserDto } from '../../../../contracts/identity.ts';
import { useOrganizations } from '../../entities/organization/api.ts';
import { useTeams } from '../../entities/team/api.ts';
import { useCreateUser, useUpdateUser } from '../../entities/user/api.ts';
import { ROLES } from '../../entities/user/roles.ts';
import { PersonPicker } from '../../features/approvals/ApproverPicker.tsx';
import { UserImAccounts } from '../../features/im-contacts/UserImAccounts.tsx';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { markFieldError } from '../../shared/ui/errors.ts';

type Values = {
  email: string;
  name: string;
  password?: string;
  role: Role;
  locale: Locale;
  timezone?: string;
  organizationId?: number | null;
  managerId?: number | null;
  teamIds: number[];
  active: boolean;
  /** With a new password: also revoke the person's API tokens (sessions always end). */
  revokeTokens: boolean;
};

const FIELDS = [
  'email',
  'name',
  'password',
  'role',
  'locale',
  'timezone',
  'organizationId',
  'managerId',
  'teamIds',
  'active',
];

type Props = { open: boolean; user: UserDto | null; onClose: () => void };

/** Creates a user (user = null) or edits one: role, teams, organisation, active. */
export function UserFormModal({ open, user, onClose }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const create = useCreateUser();
  const update = useUpdateUser();
  const teams = useTeams();
  const organizations = useOrganizations();
  const mutation = user ? update : create;

  useEffect(() => {
    if (!open) return;
    create.reset();
    update.reset();
    form.resetFields();
    form.setFieldsValue(
      user
        ? { ...user, organizationId: user.organizationId, password: undefined, revokeTokens: true }
        : { role: 'requester', locale: 'zh-CN', timezone: 'Asia/Shanghai', teamIds: [], active: true },
    );
  }, [open, user, form, create.reset, update.reset]);

  const onFinish = (values: Values) => {
    const common = {
      name: values.name.trim(),
      role: values.role,
      locale: values.locale,
      timezone: values.timezone?.trim() || undefined,
      organizationId: values.organizationId ?? null,
      managerId: values.managerId ?? null,
      teamIds: values.teamIds,
      password: values.password ? values.password : undefined,
    };
    const onError = (error: unknown) => markFieldError(form, t, error, FIELDS);
    if (user) {
      update.mutate(
        {
          id: user.id,
          input: {
            ...common,
            active: values.active,
            ...(common.password ? { revokeTokens: values.revokeTokens !== false } : {}),
          },
        },
        { onSuccess: onClose, onError },
      );
    } else {
      create.mutate({ ...common, email: values.email.trim() }, { onSuccess: onClose, onError });
    }
  };

  return (
    <Modal
      open={open}
      title={user ? t('admin.users.edit') : t('admin.users.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={mutation.isPending}
      forceRender
    >
      <ErrorAlert error={mutation.error} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical" onFinish={onFinish} data-testid="user-form">
        <Form.Item
          name="email"
          label={t('admin.users.email')}
          rules={[{ required: true }, { type: 'email' }]}
        >
          <Input disabled={Boolean(user)} data-testid="user-email" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('admin.users.name')}
          rules={[{ required: true, whitespace: true }, { max: 120 }]}
        >
          <Input data-testid="user-name" />
        </Form.Item>
        <Form.Item
          name="password"
          label={user ? t('admin.users.newPassword') : t('admin.users.password')}
          rules={[{ min: 8, message: t('admin.users.passwordMin') }]}
          extra={user ? t('admin.users.passwordKeep') : undefined}
        >
          <Input.Password autoComplete="new-password" data-testid="user-password" />
        </Form.Item>
        {user && (
          <Form.Item noStyle dependencies={['password']}>
            {({ getFieldValue }) =>
              getFieldValue('password') ? (
                <Form.Item
                  name="revokeTokens"
                  valuePropName="checked"
                  extra={t('guard.sessionsEndOnPassword')}
                >
                  <Checkbox data-testid="user-revoke-tokens">{t('guard.revokeTokens')}</Checkbox>
                </Form.Item>
              ) : null
            }
          </Form.Item>
        )}
        <Form.Item name="role" label={t('admin.users.role')} rules={[{ required: true }]}>
          <Select
            options={ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }))}
            data-testid="user-role"
          />
        </Form.Item>
        <Form.Item name="organizationId" label={t('admin.users.organization')}>
          <Select
            allowClear
            options={(organizations.data ?? []).map((org) => ({ value: org.id, label: org.name }))}
            data-testid="user-organization"
          />
        </Form.Item>
        <Form.Item
          name="managerId"
          label={t('approvals.admin.manager')}
          extra={t('approvals.admin.managerHelp')}
        >
          <PersonPicker testId="user-manager" />
        </Form.Item>
        <Form.Item name="teamIds" label={t('admin.users.teams')}>
          <Select
            mode="multiple"
            options={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))}
            data-testid="user-teams"
          />
        </Form.Item>
        <Form.Item name="locale" label={t('admin.users.locale')}>
          <Select
            options={[
              { value: 'zh-CN', label: t('lang.zh') },
              { value: 'en', label: t('lang.en') },
            ]}
          />
        </Form.Item>
        <Form.Item name="timezone" label={t('admin.users.timezone')}>
          <Input placeholder="Asia/Shanghai" />
        </Form.Item>
        {user && (
          <Form.Item
            name="active"
            label={t('admin.users.active')}
            valuePropName="checked"
            extra={t('guard.deactivateEnds')}
          >
            <Switch data-testid="user-active" />
          </Form.Item>
        )}
      </Form>
      {user ? <UserImAccounts userId={user.id} /> : null}
    </Modal>
  );
}
