import { CustomerServiceOutlined, LockOutlined, MailOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import type { Locale } from '../../../../contracts/common.ts';
import { changeLocale } from '../../app/i18n.ts';
import { type LoginInput, useLogin, useMe, useUpdateMe } from '../../entities/user/api.ts';
import { homePathFor } from '../../entities/user/roles.ts';
import { LanguageSwitch } from '../../features/language-switch/LanguageSwitch.tsx';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { markFieldError } from '../../shared/ui/errors.ts';
import { PageLoading } from '../../shared/ui/PageLoading.tsx';

/** Only paths inside this app: `next` comes from the address bar. */
function safeNext(next: string | null): string | null {
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : null;
}

export function LoginPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<LoginInput>();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const me = useMe();
  const login = useLogin();
  const updateMe = useUpdateMe();
  // The language picked on this page is the person's latest choice: it wins over the saved profile.
  const [picked, setPicked] = useState<Locale | null>(null);

  if (me.isPending) return <PageLoading />;
  if (me.data && login.isIdle) return <Navigate to={homePathFor(me.data.role)} replace />;

  const onFinish = (values: LoginInput) => {
    login.mutate(values, {
      onSuccess: async ({ user }) => {
        if (picked && picked !== user.locale) {
          // Saved on the profile too, so mail and notifications follow; the page goes on even if saving fails.
          await updateMe.mutateAsync({ locale: picked }).catch(() => undefined);
        } else {
          await changeLocale(user.locale);
        }
        navigate(safeNext(params.get('next')) ?? homePathFor(user.role), { replace: true });
      },
      onError: (error) => markFieldError(form, t, error, ['email', 'password']),
    });
  };

  return (
    <Flex vertical style={{ minHeight: '100vh', background: '#f0f2f5' }}>
      <Flex justify="flex-end" style={{ padding: 16 }}>
        <LanguageSwitch onPick={setPicked} />
      </Flex>
      <Flex flex={1} justify="center" align="flex-start" style={{ paddingTop: '8vh' }}>
        <Card style={{ width: 380, maxWidth: 'calc(100vw - 24px)' }}>
          <Flex vertical align="center" gap={4} style={{ marginBottom: 24 }}>
            <CustomerServiceOutlined style={{ fontSize: 36, color: '#1f6feb' }} />
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('app.name')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('auth.subtitle')}</Typography.Text>
          </Flex>
          <ErrorAlert error={login.error} style={{ marginBottom: 16 }} />
          <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false}>
            <Form.Item
              name="email"
              label={t('auth.email')}
              rules={[
                { required: true, message: t('auth.emailRequired') },
                { type: 'email', message: t('auth.emailInvalid') },
              ]}
            >
              <Input prefix={<MailOutlined />} autoComplete="username" data-testid="login-email" autoFocus />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('auth.password')}
              rules={[{ required: true, message: t('auth.passwordRequired') }]}
            >
              <Input.Password
                prefix={<LockOutlined />}
                autoComplete="current-password"
                data-testid="login-password"
              />
            </Form.Item>
            <Button
              type="primary"
              htmlType="submit"
              block
              loading={login.isPending}
              data-testid="login-submit"
            >
              {t('auth.submit')}
            </Button>
          </Form>
        </Card>
      </Flex>
    </Flex>
  );
}
