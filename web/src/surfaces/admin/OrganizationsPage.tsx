import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, Modal, Switch, Table, type TableColumnsType, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrganizationDto } from '../../../../contracts/identity.ts';
import {
  useCreateOrganization,
  useOrganizations,
  useUpdateOrganization,
} from '../../entities/organization/api.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { markFieldError } from '../../shared/ui/errors.ts';

type Values = { name: string; shareTickets: boolean };
type ModalProps = { open: boolean; organization: OrganizationDto | null; onClose: () => void };

function OrganizationModal({ open, organization, onClose }: ModalProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const create = useCreateOrganization();
  const update = useUpdateOrganization();
  const mutation = organization ? update : create;

  useEffect(() => {
    if (!open) return;
    create.reset();
    update.reset();
    form.resetFields();
    form.setFieldsValue(organization ?? { shareTickets: false });
  }, [open, organization, form, create.reset, update.reset]);

  const onFinish = (values: Values) => {
    const input = { name: values.name.trim(), shareTickets: values.shareTickets };
    const onError = (error: unknown) => markFieldError(form, t, error, ['name', 'shareTickets']);
    if (organization) update.mutate({ id: organization.id, input }, { onSuccess: onClose, onError });
    else create.mutate(input, { onSuccess: onClose, onError });
  };

  return (
    <Modal
      open={open}
      title={organization ? t('admin.organizations.edit') : t('admin.organizations.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={mutation.isPending}
      forceRender
    >
      <ErrorAlert error={mutation.error} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical" onFinish={onFinish}>
        <Form.Item
          name="name"
          label={t('admin.organizations.name')}
          rules={[{ required: true, whitespace: true }, { max: 200 }]}
        >
          <Input data-testid="organization-name" />
        </Form.Item>
        <Form.Item
          name="shareTickets"
          label={t('admin.organizations.shareTickets')}
          extra={t('admin.organizations.shareTicketsHelp')}
          valuePropName="checked"
        >
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function OrganizationsPage() {
  const { t } = useTranslation();
  const organizations = useOrganizations();
  const [editing, setEditing] = useState<OrganizationDto | null>(null);
  const [open, setOpen] = useState(false);
  const edit = (organization: OrganizationDto | null) => {
    setEditing(organization);
    setOpen(true);
  };

  const columns: TableColumnsType<OrganizationDto> = [
    { key: 'name', title: t('admin.organizations.name'), dataIndex: 'name' },
    {
      key: 'share',
      title: t('admin.organizations.shareTickets'),
      render: (_, org) =>
        org.shareTickets ? <Tag color="green">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_, org) => (
        <Button size="small" icon={<EditOutlined />} onClick={() => edit(org)}>
          {t('common.edit')}
        </Button>
      ),
    },
  ];
  return (
    <Card
      title={t('admin.menu.organizations')}
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => edit(null)}
          data-testid="organization-create"
        >
          {t('admin.organizations.create')}
        </Button>
      }
    >
      <ErrorAlert error={organizations.error} style={{ marginBottom: 12 }} />
      <Table<OrganizationDto>
        rowKey="id"
        columns={columns}
        dataSource={organizations.data ?? []}
        loading={organizations.isPending}
        pagination={false}
      />
      <OrganizationModal open={open} organization={editing} onClose={() => setOpen(false)} />
    </Card>
  );
}
