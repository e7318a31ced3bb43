import { App, Button, DatePicker, Form, Input, Radio, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import {
  CHANGE_IMPACTS,
  CHANGE_TYPES,
  type ChangeDto,
  type ChangeImpact,
  type ChangeType,
} from '../../../../contracts/changes.ts';
import { inZone } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { useAssetSearch, useCreateChange, useProblemChoices, useTemplates, useUpdateChange } from './api.ts';

type Values = {
  type: ChangeType;
  templateId?: number;
  title: string;
  description?: string;
  impact: ChangeImpact;
  window: [Dayjs, Dayjs];
  implementationPlan?: string;
  rollbackPlan?: string;
  testPlan?: string;
  assetIds?: number[];
  problemId?: number | null;
};

/** Affected assets (配置项), found by name as one types. */
function AssetSelect({
  value,
  onChange,
  known,
}: {
  value?: number[];
  onChange?: (ids: number[]) => void;
  known: { id: number; name: string }[];
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [term, setTerm] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setTerm(search.trim()), 250);
    return () => clearTimeout(timer);
  }, [search]);
  const assets = useAssetSearch(term);
  const options = new Map<number, string>(known.map((a) => [a.id, a.name]));
  for (const asset of assets.data?.items ?? []) options.set(asset.id, `${asset.name} · ${asset.type}`);
  return (
    <Select<number[]>
      mode="multiple"
      value={value ?? []}
      onChange={(ids) => onChange?.(ids)}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      options={[...options].map(([id, label]) => ({ value: id, label }))}
      loading={assets.isFetching}
      placeholder={t('changes.assetsPlaceholder')}
      data-testid="change-assets"
    />
  );
}

/** The change's form: a new change, or a change not yet approved (draft, submitted). */
export function ChangeEditor({ change, problemId }: { change?: ChangeDto; problemId?: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const create = useCreateChange();
  const update = useUpdateChange(change?.id ?? 0);
  const templates = useTemplates();
  const problems = useProblemChoices();
  const type = Form.useWatch('type', form) ?? change?.type ?? 'normal';
  const saving = create.isPending || update.isPending;

  const save = (values: Values) => {
    const body = {
      title: values.title,
      description: values.description ?? '',
      impact: values.impact,
      plannedStart: values.window[0].toISOString(),
      plannedEnd: values.window[1].toISOString(),
      implementationPlan: values.implementationPlan ?? '',
      rollbackPlan: values.rollbackPlan ?? '',
      testPlan: values.testPlan ?? '',
      assetIds: values.assetIds ?? [],
      problemId: values.problemId ?? null,
    };
    if (change)
      update.mutate(body, {
        onSuccess: () => void message.success(t('changes.saved')),
      });
    else
      create.mutate(
        {
          ...body,
          type: values.type,
          templateId: values.type === 'standard' ? (values.templateId ?? null) : null,
        },
        { onSuccess: (created) => navigate(`/agent/changes/${created.id}`) },
      );
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={save}
      data-testid="change-editor"
      initialValues={
        change
          ? {
              type: change.type,
              title: change.title,
              description: change.description,
              impact: change.impact,
              window: [inZone(change.plannedStart), inZone(change.plannedEnd)],
              implementationPlan: change.implementationPlan,
              rollbackPlan: change.rollbackPlan,
              testPlan: change.testPlan,
              assetIds: change.assetIds,
              problemId: change.problemId,
            }
          : { type: 'normal', impact: 'medium', problemId: problemId ?? null }
      }
    >
      <Form.Item name="type" label={t('changes.field.type')}>
        <Radio.Group
          disabled={Boolean(change)}
          optionType="button"
          options={CHANGE_TYPES.map((value) => ({ value, label: t(`changes.type.${value}`) }))}
          data-testid="change-type"
        />
      </Form.Item>
      {type === 'standard' && !change && (
        <Form.Item name="templateId" label={t('changes.field.template')} rules={[{ required: true }]}>
          <Select
            options={(templates.data?.items ?? [])
              .filter((tpl) => tpl.active)
              .map((tpl) => ({ value: tpl.id, label: tpl.name }))}
            data-testid="change-template"
          />
        </Form.Item>
      )}
      <Form.Item
        name="title"
        label={t('changes.field.title')}
        rules={[{ required: true, whitespace: true, max: 300 }]}
      >
        <Input data-testid="change-title" />
      </Form.Item>
      <Form.Item name="description" label={t('changes.field.description')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} data-testid="change-description" />
      </Form.Item>
      <Form.Item name="impact" label={t('changes.field.impact')}>
        <Radio.Group
          optionType="button"
          options={CHANGE_IMPACTS.map((value) => ({ value, label: t(`changes.impact.${value}`) }))}
        />
      </Form.Item>
      <Form.Item name="window" label={t('changes.field.window')} rules={[{ required: true }]}>
        <DatePicker.RangePicker
          showTime={{ format: 'HH:mm' }}
          format="YYYY-MM-DD HH:mm"
          style={{ width: '100%' }}
          data-testid="change-window"
        />
      </Form.Item>
      <Form.Item name="assetIds" label={t('changes.field.assets')}>
        <AssetSelect known={[]} />
      </Form.Item>
      <Form.Item name="problemId" label={t('changes.field.problem')}>
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          options={(problems.data?.items ?? []).map((p) => ({ value: p.id, label: `#${p.id} ${p.title}` }))}
          data-testid="change-problem"
        />
      </Form.Item>
      <Form.Item name="implementationPlan" label={t('changes.field.implementationPlan')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 10 }} data-testid="change-implementation-plan" />
      </Form.Item>
      <Form.Item name="rollbackPlan" label={t('changes.field.rollbackPlan')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 10 }} data-testid="change-rollback-plan" />
      </Form.Item>
      <Form.Item name="testPlan" label={t('changes.field.testPlan')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 10 }} />
      </Form.Item>
      <ErrorAlert error={create.error ?? update.error} />
      <Button type="primary" htmlType="submit" loading={saving} data-testid="change-save">
        {change ? t('changes.save') : t('changes.create')}
      </Button>
    </Form>
  );
}
