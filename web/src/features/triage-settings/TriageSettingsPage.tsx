import { ExperimentOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Flex, Form, InputNumber, Switch, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { TrainResult, TriageSettingsDto } from '../../../../contracts/triage.ts';
import { api } from '../../shared/api/client.ts';
import { formatDateTime } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { errorText } from '../../shared/ui/errors.ts';

const KEY = ['triage', 'settings'] as const;

/** 智能分派 settings: when a suggestion is applied by itself, and what counts as a duplicate or a problem. */
export default function TriageSettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<TriageSettingsDto>();
  const settings = useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) => api.get<TriageSettingsDto>('/triage/settings', undefined, signal),
  });
  const save = useMutation({
    mutationFn: (input: TriageSettingsDto) => api.patch<TriageSettingsDto>('/triage/settings', input),
    onSuccess: (saved) => {
      client.setQueryData(KEY, saved);
      message.success(t('triageSettings.saved'));
    },
    onError: (error) => message.error(errorText(t, error)),
  });
  const train = useMutation({
    mutationFn: () => api.post<TrainResult>('/triage/train', {}),
    onError: (error) => message.error(errorText(t, error)),
  });
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
          {train.data && (
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('triageSettings.samples')}>{train.data.samples}</Descriptions.Item>
              <Descriptions.Item label={t('triageSettings.trainedAt')}>
                {formatDateTime(train.data.trainedAt)}
              </Descriptions.Item>
            </Descriptions>
          )}
        </Flex>
      </Card>
    </Flex>
  );
}
