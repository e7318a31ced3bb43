import { KeyOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCreateToken } from '../../entities/settings/api.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { markFieldError } from '../../shared/ui/errors.ts';

/** API tokens for integrations; the secret is shown once, here, and never again. */
export default function TokensPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string }>();
  const create = useCreateToken();

  return (
    <Card title={t('admin.menu.tokens')}>
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('admin.tokens.hint')}
        </Typography.Paragraph>
        <Form
          form={form}
          layout="inline"
          initialValues={{ name: '' }}
          onFinish={({ name }) =>
            create.mutate(name.trim() || t('admin.tokens.defaultName'), {
              onSuccess: () => form.resetFields(),
              onError: (error) => markFieldError(form, t, error, ['name']),
            })
          }
        >
          <Form.Item name="name" rules={[{ max: 120 }]} style={{ minWidth: 280 }}>
            <Input placeholder={t('admin.tokens.namePlaceholder')} data-testid="token-name" />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            icon={<KeyOutlined />}
            loading={create.isPending}
            data-testid="token-create"
          >
            {t('admin.tokens.create')}
          </Button>
        </Form>
        <ErrorAlert error={create.error} />
        {create.data && (
          <Alert
            type="warning"
            showIcon
            title={t('admin.tokens.showOnce', { name: create.data.name })}
            description={
              <Typography.Text code copyable style={{ wordBreak: 'break-all' }} data-testid="token-value">
                {create.data.token}
              </Typography.Text>
            }
          />
        )}
      </Space>
    </Card>
  );
}
