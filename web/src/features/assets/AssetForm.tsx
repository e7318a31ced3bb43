import { App, DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ASSET_STATUSES,
  type AssetDto,
  type AssetTypeDto,
  CRITICALITIES,
} from '../../../../contracts/assets.ts';
import { useUsers } from '../../entities/user/api.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { errorText } from '../../shared/ui/errors.ts';
import { useAssetTypes, useSaveAsset } from './api.ts';
import { criticalityLabel, statusLabel } from './labels.ts';

type Values = {
  name: string;
  type: string;
  serialNumber?: string;
  location?: string;
  ownerId?: number;
  status: string;
  criticality: string;
  custom?: Record<string, unknown>;
};

function OwnerSelect(props: {
  value?: number;
  onChange?: (id: number | undefined) => void;
  known?: AssetDto['owner'];
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [term, setTerm] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setTerm(search.trim()), 250);
    return () => clearTimeout(timer);
  }, [search]);
  const users = useUsers({ q: term || undefined });
  const options = (users.data ?? [])
    .filter((u) => u.active)
    .map((u) => ({ value: u.id, label: `${u.name} · ${u.email}` }));
  if (props.known && !options.some((o) => o.value === props.known?.id))
    options.push({ value: props.known.id, label: props.known.name });
  return (
    <Select<number>
      value={props.value}
      onChange={(v) => props.onChange?.(v)}
      onClear={() => props.onChange?.(undefined)}
      allowClear
      showSearch={{ filterOption: false, onSearch: setSearch }}
      options={options}
      loading={users.isFetching}
      placeholder={t('assets.ownerSearch')}
      data-testid="asset-owner"
    />
  );
}

/** A custom field's input, as its type declares it. */
function CustomFieldInput({ field, language }: { field: AssetTypeDto['fields'][number]; language: string }) {
  const label = language.startsWith('zh') ? field.label['zh-CN'] : field.label.en;
  const { t } = useTranslation();
  const rules = field.required ? [{ required: true, message: t('assets.fieldRequired', { label }) }] : [];
  const name = ['custom', field.key];
  const testId = `asset-field-${field.key}`;
  switch (field.type) {
    case 'number':
      return (
        <Form.Item name={name} label={label} rules={rules}>
          <InputNumber style={{ width: '100%' }} data-testid={testId} />
        </Form.Item>
      );
    case 'date':
      return (
        <Form.Item name={name} label={label} rules={rules}>
          <DatePicker style={{ width: '100%' }} data-testid={testId} />
        </Form.Item>
      );
    case 'select':
      return (
        <Form.Item name={name} label={label} rules={rules}>
          <Select
            allowClear
            options={(field.options ?? []).map((o) => ({ value: o, label: o }))}
            data-testid={testId}
          />
        </Form.Item>
      );
    default:
      return (
        <Form.Item name={name} label={label} rules={rules}>
          <Input maxLength={2000} data-testid={testId} />
        </Form.Item>
      );
  }
}

/** Creates an asset or edits one; the custom fields follow the chosen type. */
export function AssetForm(props: {
  open: boolean;
  asset: AssetDto | null;
  onClose: (saved?: AssetDto) => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const types = useAssetTypes();
  const save = useSaveAsset();
  const typeKey = Form.useWatch('type', form);
  const type = types.data?.find((x) => x.key === typeKey);
  const { asset, open } = props;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (asset) {
      const fields = types.data?.find((x) => x.key === asset.type)?.fields ?? [];
      const custom: Record<string, unknown> = {};
      for (const f of fields) {
        const v = asset.customFields[f.key];
        custom[f.key] = f.type === 'date' && typeof v === 'string' ? dayjs(v) : v;
      }
      form.setFieldsValue({
        name: asset.name,
        type: asset.type,
        serialNumber: asset.serialNumber ?? undefined,
        location: asset.location ?? undefined,
        ownerId: asset.owner?.id,
        status: asset.status,
        criticality: asset.criticality,
        custom,
      });
    } else form.setFieldsValue({ status: 'in_use', criticality: 'medium' });
  }, [open, asset, form, types.data]);

  const submit = async (values: Values) => {
    const customFields: Record<string, string | number | null> = {};
    for (const f of type?.fields ?? []) {
      const v = values.custom?.[f.key];
      if (v === undefined || v === null || v === '') continue;
      customFields[f.key] = dayjs.isDayjs(v) ? v.format('YYYY-MM-DD') : (v as string | number);
    }
    const input = {
      name: values.name,
      type: values.type,
      serialNumber: values.serialNumber?.trim() || null,
      location: values.location?.trim() || null,
      ownerId: values.ownerId ?? null,
      status: values.status as AssetDto['status'],
      criticality: values.criticality as AssetDto['criticality'],
      customFields,
    };
    try {
      const saved = await save.mutateAsync({ id: asset?.id ?? null, input });
      message.success(asset ? t('assets.saved') : t('assets.created'));
      props.onClose(saved);
    } catch (error) {
      if (error && typeof error === 'object' && 'field' in error && typeof error.field === 'string') {
        const field = error.field;
        const name = field.startsWith('customFields.')
          ? ['custom', field.slice('customFields.'.length)]
          : field;
        form.setFields([{ name, errors: [errorText(t, error)] }]);
      }
    }
  };

  return (
    <Modal
      open={open}
      title={asset ? t('assets.edit') : t('assets.new')}
      onCancel={() => props.onClose()}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'asset-save' }}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <ErrorAlert error={save.error} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="name"
          label={t('assets.field.name')}
          rules={[{ required: true, whitespace: true, message: t('assets.nameRequired') }]}
        >
          <Input maxLength={200} data-testid="asset-name" />
        </Form.Item>
        <Form.Item
          name="type"
          label={t('assets.field.type')}
          rules={[{ required: true, message: t('assets.typeRequired') }]}
        >
          <Select
            loading={types.isPending}
            options={(types.data ?? []).map((x) => ({
              value: x.key,
              label: i18n.language.startsWith('zh') ? x.label['zh-CN'] : x.label.en,
            }))}
            data-testid="asset-type"
          />
        </Form.Item>
        <Form.Item name="serialNumber" label={t('assets.field.serialNumber')}>
          <Input maxLength={100} data-testid="asset-serial" />
        </Form.Item>
        <Form.Item name="location" label={t('assets.field.location')}>
          <Input maxLength={200} data-testid="asset-location" />
        </Form.Item>
        <Form.Item name="ownerId" label={t('assets.field.owner')}>
          <OwnerSelect known={asset?.owner ?? null} />
        </Form.Item>
        <Form.Item name="status" label={t('assets.field.status')} rules={[{ required: true }]}>
          <Select
            options={ASSET_STATUSES.map((s) => ({ value: s, label: statusLabel(t, s) }))}
            data-testid="asset-status"
          />
        </Form.Item>
        <Form.Item name="criticality" label={t('assets.field.criticality')} rules={[{ required: true }]}>
          <Select
            options={CRITICALITIES.map((c) => ({ value: c, label: criticalityLabel(t, c) }))}
            data-testid="asset-criticality"
          />
        </Form.Item>
        {(type?.fields ?? []).map((field) => (
          <CustomFieldInput key={`${type?.key}-${field.key}`} field={field} language={i18n.language} />
        ))}
      </Form>
    </Modal>
  );
}
