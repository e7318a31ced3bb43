import { ExperimentOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Flex, Form, InputNumber, Switch, Table, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import {
  TrainResult,
  type TriageFieldQuality,
  TriageQualityDto,
  TriageSettingsDto,
} from '../../../../contracts/triage.ts';
import { api } from '../../shared/api/client.ts';
import { formatDateTime } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { errorText } from '../../shared/ui/errors.ts';

const KEY = ['triage', 'settings'] as const;
const QUALITY_KEY = ['triage', 'quality'] as const;
const FIELD_LABEL = { category: 'fieldCategory', priority: 'fieldPriority', team: 'fieldTeam' } as const;
const percent = (v: number | null) => (v === null ? null : `${(v * 100).toFixed(1)}%`);

/** 智能分派 settings: when a suggestion is applied by itself, and what counts as a duplicate or a problem. */
export default function TriageSettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<TriageSettingsDto>();
  const settings = useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) => api.get(TriageSettingsDto, '/triage/settings', undefined, signal),
  });
  const save = useMutation({
    mutationFn: (input: TriageSettingsDto) => api.patch(TriageSettingsDto, '/triage/settings', input),
    onSuccess: (saved) => {
      client.setQueryData(KEY, saved);
      message.success(t('triageSettings.saved'));
    },
    onError: (error) => message.error(errorText(t, error)),
  });
  const quality = useQuery({
    queryKey: QUALITY_KEY,
    queryFn: ({ signal }) => api.get(TriageQualityDto, '/triage/quality', undefined, signal),
  });
  const train = useMutation({
    mutationFn: () => api.post(TrainResult, '/triage/train', {}),
    onSuccess: () => client.invalidateQueries({ queryKey: QUALITY_KEY }),
    onError: (error) => message.error(errorText(t, error)),
  });
  const model = quality.data?.model;
  const rows = model
    ? (['category', 'team', 'priority'] as const).map((field) => ({ field, ...model.fields[field] }))
    : [];
  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data);
  }, [settings.data, form]);

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('triageSettings.title')}
      </Typography.Title>
      <ErrorAlert error={settings.error} />
      <Card size="small" loading={settings.isLoading}>
        <Form<TriageSettingsDto>
          form={form}
          layout="vertical"
          onFinish={(values) => save.mutate(values)}
          style={{ maxWidth: 480 }}
          data-testid="triage-settings-form"
        >
          <Form.Item name="autoApply" label={t('triageSettings.autoApply')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item
            name="autoApplyThreshold"
            label={t('triageSettings.threshold')}
            extra={t('triageSettings.thresholdHint')}
            rules={[{ required: true }]}
          >
            <InputNumber min={0} max={1} step={0.05} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="duplicateWindowDays"
            label={t('triageSettings.duplicateWindowDays')}
            rules={[{ required: true }]}
          >
            <InputNumber min={1} max={365} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="recurringCount"
            label={t('triageSettings.recurringCount')}
            rules={[{ required: true }]}
          >
            <InputNumber min={2} max={1000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="recurringDays"
            label={t('triageSettings.recurringDays')}
            rules={[{ required: true }]}
          >
            <InputNumber min={1} max={365} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            loading={save.isPending}
            data-testid="triage-settings-save"
          >
            {t('common.save')}
          </Button>
        </Form>
      </Card>
      <Card size="small" title={t('triageSettings.model')}>
        <Flex vertical gap={8} align="start">
          <Button icon={<ExperimentOutlined />} loading={train.isPending} onClick={() => train.mutate()}>
            {t('triageSettings.train')}
          </Button>
          {(model || train.data) && (
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('triageSettings.samples')}>
                {model?.samples ?? train.data?.samples}
              </Descriptions.Item>
              <Descriptions.Item label={t('triageSettings.trainedAt')}>
                {formatDateTime(model?.trainedAt ?? train.data?.trainedAt ?? '')}
              </Descriptions.Item>
            </Descriptions>
          )}
        </Flex>
      </Card>
      <Card size="small" title={t('triageSettings.quality')} loading={quality.isLoading}>
        <ErrorAlert error={quality.error} />
        <Typography.Paragraph type="secondary">{t('triageSettings.qualityHint')}</Typography.Paragraph>
        {model ? (
          <Table<TriageFieldQuality & { field: keyof typeof FIELD_LABEL }>
            data-testid="triage-quality"
            size="small"
            pagination={false}
            rowKey="field"
            dataSource={rows}
            scroll={{ x: 'max-content' }}
            columns={[
              {
                title: t('triageSettings.field'),
                dataIndex: 'field',
                render: (field: keyof typeof FIELD_LABEL) => t(`triageSettings.${FIELD_LABEL[field]}`),
              },
              {
                title: t('triageSettings.accuracy'),
                dataIndex: 'accuracy',
                render: (v: number | null) => percent(v) ?? t('triageSettings.notMeasured'),
              },
              {
                title: t('triageSettings.macroF1'),
                dataIndex: 'macroF1',
                render: (v: number | null) => (v === null ? t('triageSettings.notMeasured') : v.toFixed(2)),
              },
              { title: t('triageSettings.heldOut'), dataIndex: 'heldOutSamples' },
              {
                title: t('triageSettings.corrections'),
                key: 'corrections',
                render: (_: unknown, row: TriageFieldQuality) => `${row.corrected} / ${row.applied}`,
              },
              {
                title: t('triageSettings.errorRate'),
                dataIndex: 'errorRate',
                render: (v: number | null) => percent(v) ?? t('triageSettings.notMeasured'),
              },
            ]}
          />
        ) : (
          !quality.isLoading && (
            <Typography.Text type="secondary">{t('triageSettings.qualityNone')}</Typography.Text>
          )
        )}
      </Card>
    </Flex>
  );
}
