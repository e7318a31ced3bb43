import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChatDto } from '../../../../contracts/channels.ts';
import { channelKeys, useChat, useSendChatMessage } from '../../entities/channel/api.ts';
import { api } from '../../shared/api/client.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { ChatInput } from './ChatInput.tsx';
import { ChatTranscript } from './ChatTranscript.tsx';
import { WidgetVerification } from './WidgetVerification.tsx';

const STORAGE_KEY = 'servicedesk.widget';

interface Session {
  chatId: number;
  token: string;
}

/**
 * The embeddable chat: a visitor who is not signed in gives a name and email; a token keeps
 * the chat theirs, and the code mailed to the email proves the address (WidgetVerification).
 */
export function WidgetChat() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [session, setSession] = useState<Session | null>(() => {
    try {
      return JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as Session | null;
    } catch {
      return null;
    }
  });
  const [error, setError] = useState<unknown>(null);
  const [starting, setStarting] = useState(false);
  const chat = useChat(session?.chatId ?? null, session?.token);
  const send = useSendChatMessage(session?.chatId ?? 0, session?.token);

  useEffect(() => {
    if (!session) return;
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    const stream = new EventSource(
      `/api/v1/channels/chats/${session.chatId}/stream?token=${encodeURIComponent(session.token)}`,
    );
    const refresh = () => queryClient.invalidateQueries({ queryKey: channelKeys.chat(session.chatId) });
    stream.addEventListener('chat.message', refresh);
    stream.addEventListener('chat.updated', refresh);
    return () => stream.close();
  }, [session, queryClient]);

  if (!session || chat.isError) {
    return (
      <Card title={t('chat.widgetTitle')} size="small">
        <ErrorAlert error={error} style={{ marginBottom: 8 }} />
        <Form
          layout="vertical"
          size="small"
          onFinish={(values: { name: string; email: string; subject: string; message: string }) => {
            setStarting(true);
            api
              .post<{ chat: ChatDto; token: string }>('/channels/chats/widget', {
                ...values,
                locale: i18n.language === 'en' ? 'en' : 'zh-CN',
              })
              .then((started) => setSession({ chatId: started.chat.id, token: started.token }), setError)
              .finally(() => setStarting(false));
          }}
        >
          <Form.Item name="name" label={t('chat.yourName')} rules={[{ required: true, max: 120 }]}>
            <Input data-testid="widget-name" />
          </Form.Item>
          <Form.Item
            name="email"
            label={t('chat.yourEmail')}
            rules={[{ required: true, type: 'email' }]}
            extra={t('guard.emailHint')}
          >
            <Input data-testid="widget-email" />
          </Form.Item>
          <Form.Item name="subject" label={t('chat.subject')} rules={[{ required: true, max: 200 }]}>
            <Input data-testid="widget-subject" />
          </Form.Item>
          <Form.Item name="message" label={t('chat.firstMessage')} rules={[{ required: true, max: 4000 }]}>
            <Input.TextArea rows={3} data-testid="widget-message" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={starting} block data-testid="widget-start">
            {t('chat.start')}
          </Button>
        </Form>
      </Card>
    );
  }
  const data = chat.data;
  const ended = data && !['waiting', 'active'].includes(data.status);
  return (
    <Card title={data?.subject ?? t('chat.widgetTitle')} size="small">
      {data && !ended && session && <WidgetVerification chat={data} token={session.token} />}
      {data?.status === 'waiting' && (
        <Alert type="info" showIcon title={t('chat.waitingForAgent')} style={{ marginBottom: 8 }} />
      )}
      <ChatTranscript messages={data?.messages ?? []} mine="requester" />
      {ended ? (
        <Alert
          type="success"
          showIcon
          title={
            data?.ticketNumber ? t('chat.endedWithTicket', { number: data.ticketNumber }) : t('chat.ended')
          }
          action={
            <Button
              type="link"
              onClick={() => {
                sessionStorage.removeItem(STORAGE_KEY);
                setSession(null);
              }}
            >
              {t('chat.newChat')}
            </Button>
          }
        />
      ) : (
        <ChatInput onSend={(text) => send.mutate(text)} sending={send.isPending} />
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('app.name')}
      </Typography.Text>
    </Card>
  );
}
