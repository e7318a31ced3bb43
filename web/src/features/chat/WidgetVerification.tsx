import { Alert, Button, Flex, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChatDto } from '../../../../contracts/channels.ts';
import { useChatVerification } from '../../entities/channel/api.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';

/**
 * The widget visitor proves their email: the desk mailed a six-digit code when the chat
 * started. Until it is entered, agents see the chat as unverified and it belongs to no account.
 */
export function WidgetVerification({ chat, token }: { chat: ChatDto; token: string }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const { verify, resend } = useChatVerification(chat.id, token);
  if (chat.verified) {
    return (
      <Alert
        type="success"
        showIcon
        title={t('guard.chatVerified', { email: chat.requester.email })}
        style={{ marginBottom: 8 }}
        data-testid="widget-verified"
      />
    );
  }
  const valid = /^\d{6}$/.test(code);
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 8 }}
      data-testid="widget-verification"
      title={t('guard.codeSent', { email: chat.requester.email })}
      description={
        <Flex vertical gap={6}>
          <Typography.Text type="secondary">{t('guard.codeWhy')}</Typography.Text>
          <ErrorAlert error={verify.error ?? resend.error} />
          {resend.isSuccess && !resend.error && (
            <Typography.Text type="success">{t('guard.codeResent')}</Typography.Text>
          )}
          <Flex gap={8}>
            <Input
              value={code}
              onChange={(event) => setCode(event.target.value.replace(/\D/g, '').slice(0, 6))}
              onPressEnter={() => valid && verify.mutate(code)}
              inputMode="numeric"
              autoComplete="one-time-code"
              placeholder={t('guard.codePlaceholder')}
              style={{ maxWidth: 160 }}
              data-testid="widget-code-input"
            />
            <Button
              type="primary"
              disabled={!valid}
              loading={verify.isPending}
              onClick={() => verify.mutate(code)}
              data-testid="widget-code-submit"
            >
              {t('guard.verify')}
            </Button>
          </Flex>
          <Button
            type="link"
            size="small"
            style={{ padding: 0, alignSelf: 'flex-start' }}
            loading={resend.isPending}
            onClick={() => {
              verify.reset();
              resend.mutate();
            }}
            data-testid="widget-code-resend"
          >
            {t('guard.resend')}
          </Button>
        </Flex>
      }
    />
  );
}
