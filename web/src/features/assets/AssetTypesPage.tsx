import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Flex, Form, Input, Modal, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AssetTypeDto, type AssetTypeInput, FIELD_TYPES } from '../../../../contracts/assets.ts';
import { api } from '../../shared/api/client.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { markFieldError } from '../../shared/ui/errors.ts';
import { assetKeys, useAssetTypes } from './api.ts';

type FieldValues = {
  key: string;
  zh: string;
  en: string;
  type: (typeof FIELD_TYPES)[number];
  options?: string;
  required?: boolean;
};
type Values = { key: string; zh: string; en: string; fields?: FieldValues[] };

/** Administrators keep the list of asset types and the custom fields of each (issue 14). */
export default function AssetTypesPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const types = useAssetTypes();
  const [editing, setEditing] = useState<AssetTypeDto | 'new' | null>(null);
  const [form] = Form.useForm<Values>();
  const save = useMutation({
    mutationFn: (input: { key: string; body: AssetTypeInput; isNew: boolean }) =>
      input.isNew
        ? api.post(AssetTypeDto, '/asset-types', input.body)
        : api.patch(AssetTypeDto, `/asset-types/${input.key}`, {
            label: input.body.label,
            fields: input.body.fields,
          }),
    onSuccess: () => client.invalidateQueries({ queryKey: assetKeys.types }),
  });
  const zh = i18n.language.startsWith('zh');

  const open = (type: AssetTypeDto | 'new') => {
    form.resetFields();
    if (type !== 'new')
      form.setFieldsValue({
        key: type.key,
        zh: type.label['zh-CN'],
        en: type.label.en,
        fields: type.fields.map((f) => ({
          key: f.key,
          zh: f.label['zh-CN'],
          en: f.label.en,
          type: f.type,
          options: f.options?.join(', '),
          required: f.required,
        })),
      });
    setEditing(type);
  };
  const submit = async (values: Values) => {
    const body: AssetTypeInput = {
      key: values.key,
      label: { 'zh-CN': values.zh, en: values.en },
      fields: (values.fields ?? []).map((f) => ({
        key: f.key,
        label: { 'zh-CN': f.zh, en: f.en },
        type: f.type,
        required: Boolean(f.required),
        ...(f.type === 'select'
          ? {
              options: (f.options ?? '')
                .split(/[,，]/)
                .map((o) => o.trim())
                .filter(Boolean),
            }
          : {}),
      })),
    };
    try {
      await save.mutateAsync({ key: values.key, body, isNew: editing === 'new' });
      message.success(t('assets.saved'));
      setEditing(null);
    } catch (error) {
      markFieldError(form, t, error, ['key']);
    }
  };

  return (
    <Card
      title={t('assets.types.title')}
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => open('new')}
          data-testid="asset-type-new"
        >
          {t('assets.types.new')}
        </Button>
      }
    >
      <ErrorAlert error={types.error} />
      <Table<AssetTypeDto>
        rowKey="key"
        size="small"
        loading={types.isPending}
        dataSource={types.data ?? []}
        pagination={false}
        scroll={{ x: 560 }}
        columns={[
          { key: 'key', dataIndex: 'key', title: t('assets.types.key') },
          {
            key: 'label',
            title: t('assets.types.label'),
            render: (_, x) => (zh ? x.label['zh-CN'] : x.label.en),
          },
          {
            key: 'fields',
            title: t('assets.field.customFields'),
            render: (_, x) =>
              x.fields.map((f) => <Tag key={f.key}>{zh ? f.label['zh-CN'] : f.label.en}</Tag>),
          },
          {
            key: 'edit',
            title: t('common.actions'),
            render: (_, x) => (
              <Button size="small" onClick={() => open(x)} data-testid={`asset-type-edit-${x.key}`}>
                {t('common.edit')}
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('assets.types.new') : t('assets.types.edit')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={save.isPending}
        width={760}
        destroyOnHidden
      >
        <ErrorAlert error={save.error} style={{ marginBottom: 12 }} />
        <Form form={form} layout="vertical" onFinish={submit}>
          <Flex gap={8} wrap>
            <Form.Item
              name="key"
              label={t('assets.types.key')}
              rules={[
                { required: true, pattern: /^[a-z][a-z0-9_]{0,39}$/, message: t('assets.types.keyRule') },
              ]}
              style={{ flex: '1 1 140px' }}
            >
              <Input disabled={editing !== 'new'} data-testid="asset-type-key" />
            </Form.Item>
            <Form.Item
              name="zh"
              label={t('assets.types.labelZh')}
              rules={[{ required: true, whitespace: true }]}
              style={{ flex: '1 1 140px' }}
            >
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item
              name="en"
              label={t('assets.types.labelEn')}
              rules={[{ required: true, whitespace: true }]}
              style={{ flex: '1 1 140px' }}
            >
              <Input maxLength={100} />
            </Form.Item>
          </Flex>
          <Form.List name="fields">
            {(fields, { add, remove }) => (
              <Flex vertical gap={8}>
                {fields.map((field) => (
                  <Card size="small" key={field.key}>
                    <Flex gap={8} wrap align="start">
                      <Form.Item
                        name={[field.name, 'key']}
                        label={t('assets.types.fieldKey')}
                        rules={[
                          {
                            required: true,
                            pattern: /^[a-z][a-zA-Z0-9_]{0,39}$/,
                            message: t('assets.types.fieldKeyRule'),
                          },
                        ]}
                        style={{ flex: '1 1 120px', marginBottom: 0 }}
                      >
                        <Input />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'zh']}
                        label={t('assets.types.labelZh')}
                        rules={[{ required: true, whitespace: true }]}
                        style={{ flex: '1 1 120px', marginBottom: 0 }}
                      >
                        <Input maxLength={100} />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'en']}
                        label={t('assets.types.labelEn')}
                        rules={[{ required: true, whitespace: true }]}
                        style={{ flex: '1 1 120px', marginBottom: 0 }}
                      >
                        <Input maxLength={100} />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'type']}
                        label={t('assets.types.fieldType')}
                        initialValue="text"
                        style={{ flex: '0 1 110px', marginBottom: 0 }}
                      >
                        <Select
                          options={FIELD_TYPES.map((ft) => ({
                            value: ft,
                            label: t(`assets.types.fieldTypes.${ft}`),
                          }))}
                        />
                      </Form.Item>
                      <Form.Item noStyle shouldUpdate>
                        {() =>
                          form.getFieldValue(['fields', field.name, 'type']) === 'select' ? (
                            <Form.Item
                              name={[field.name, 'options']}
                              label={t('assets.types.options')}
                              rules={[{ required: true, whitespace: true }]}
                              style={{ flex: '1 1 200px', marginBottom: 0 }}
                            >
                              <Input placeholder={t('assets.types.optionsHint')} />
                            </Form.Item>
                          ) : null
                        }
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'required']}
                        valuePropName="checked"
                        label=" "
                        style={{ marginBottom: 0 }}
                      >
                        <Checkbox>{t('assets.types.required')}</Checkbox>
                      </Form.Item>
                      <Form.Item label=" " style={{ marginBottom: 0 }}>
                        <Button
                          icon={<DeleteOutlined />}
                          onClick={() => remove(field.name)}
                          aria-label={t('common.delete')}
                        />
                      </Form.Item>
                    </Flex>
                  </Card>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add({ type: 'text' })}>
                  {t('assets.types.addField')}
                </Button>
              </Flex>
            )}
          </Form.List>
        </Form>
      </Modal>
    </Card>
  );
}
