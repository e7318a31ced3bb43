import { Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImContactDto, LinkImContactInput } from '../../../../contracts/channels.ts';
import { useImContacts, useLinkImContact, useUnlinkImContact } from '../../entities/channel/api.ts';
import { PersonSelect } from '../../features/im-contacts/PersonSelect.tsx';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';

const PLATFORMS = ['wecom', 'dingtalk', 'feishu', 'slack'] as const;

/**
 * People's platform user ids: an administrator files an id under a person, and a contact the
 * desk made for an unknown sender is linked to the person it is.
 */
export default function ImContactsCard() {
  const { t } = useTranslation();
  const contacts = useImContacts();
  const link = useLinkImContact();
  const unlink = useUnlinkImContact();
  const [editing, setEditing] = useState<Partial<LinkImContactInput> | null>(null);
  const [form] = Form.useForm<LinkImContactInput>();
  const open = (value: Partial<LinkImContactInput>) => {
    setEditing(value);
    form.resetFields();
    form.setFieldsValue(value);
  };
  return (
    <Card
      title={t('imCallbacks.contacts')}
      extra={<Button onClick={() => open({ platform: 'wecom' })}>{t('imCallbacks.addContact')}</Button>}
    >
      <Typography.Paragraph type="secondary">{t('imCallbacks.contactsHint')}</Typography.Paragraph>
      <ErrorAlert error={unlink.error} style={{ marginBottom: 8 }} />
      <Table<ImContactDto>
        rowKey="id"
        size="small"
        dataSource={contacts.data ?? []}
        loading={contacts.isLoading}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          {
            title: t('channelsAdmin.platform'),
            dataIndex: 'platform',
            render: (v: (typeof PLATFORMS)[number]) => t(`channelsAdmin.platforms.${v}`),
          },
          {
            title: t('imCallbacks.externalUserId'),
            dataIndex: 'externalUserId',
            render: (v: string) => <code>{v}</code>,
          },
          {
            title: t('imCallbacks.person'),
            key: 'person',
            render: (_, c) => (
              <Space>
                <span>{c.user.name}</span>
                {c.linked ? (
                  <Tag color="green">{t('imCallbacks.linked')}</Tag>
                ) : (
                  <Tag color="orange">{t('imCallbacks.unlinked')}</Tag>
                )}
              </Space>
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, c) => (
              <Space>
                <Button
                  size="small"
                  onClick={() => open({ platform: c.platform, externalUserId: c.externalUserId })}
                >
                  {t('imCallbacks.linkToPerson')}
                </Button>
                <Popconfirm title={t('common.delete')} onConfirm={() => unlink.mutate(c.id)}>
                  <Button size="small" danger>
                    {t('common.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={t('imCallbacks.linkToPerson')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={link.isPending}
        okText={t('common.save')}
      >
        <ErrorAlert error={link.error} style={{ marginBottom: 8 }} />
        <Form
          form={form}
          layout="vertical"
          onFinish={(values) => link.mutate(values, { onSuccess: () => setEditing(null) })}
        >
          <Form.Item name="platform" label={t('channelsAdmin.platform')} rules={[{ required: true }]}>
            <Select
              disabled={Boolean(editing?.externalUserId)}
              options={PLATFORMS.map((p) => ({ value: p, label: t(`channelsAdmin.platforms.${p}`) }))}
            />
          </Form.Item>
          <Form.Item
            name="externalUserId"
            label={t('imCallbacks.externalUserId')}
            extra={t('imCallbacks.externalUserIdHint')}
            rules={[{ required: true, max: 200 }]}
          >
            <Input disabled={Boolean(editing?.externalUserId)} />
          </Form.Item>
          <Form.Item name="userId" label={t('imCallbacks.person')} rules={[{ required: true }]}>
            <PersonSelect />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
