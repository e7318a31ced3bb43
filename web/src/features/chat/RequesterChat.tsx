import { Alert, Button, Card, Form, Input, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useChat, useLiveChats, useSendChatMessage, useStartChat } from '../../entities/channel/api.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';
import { ChatInput } from './ChatInput.tsx';
import { ChatTranscript } from './ChatTranscript.tsx';

const STORAGE_KEY = 'servicedesk.chat';

/** The portal's chat window: a requester starts a chat and talks to an agent live. */
export function RequesterChat() {
  const { t } = useTranslation();
  useLiveChats();
  const [chatId, setChatId] = useState<number | null>(
    () => Number(sessionStorage.getItem(STORAGE_KEY)) || null,
  );
  const start = useStartChat();
  const chat = useChat(chatId);
  const send = useSendChatMessage(chatId ?? 0);
  useEffect(() => {
    if (chatId) sessionStorage.setItem(STORAGE_KEY, String(chatId));
    else sessionStorage.removeItem(STORAGE_KEY);
  }, [chatId]);

  if (!chatId || chat.isError) {
    return (
      <Card title={t('chat.startTitle')} style={{ maxWidth: 720, margin: '0 auto' }}>
        <Typography.Paragraph type="secondary">{t('chat.startHint')}</Typography.Paragraph>
        <ErrorAlert error={start.error} style={{ marginBottom: 8 }} />
        <Form
          layout="vertical"
          onFinish={(values: { subject: string; message: string }) =>
            start.mutate(values, { onSuccess: (created) => setChatId(created.id) })
          }
        >
          <Form.Item name="subject" label={t('chat.subject')} rules={[{ required: true, max: 200 }]}>
            <Input data-testid="chat-subject" />
          </Form.Item>
          <Form.Item name="message" label={t('chat.firstMessage')} rules={[{ required: true, max: 4000 }]}>
            <Input.TextArea rows={3} data-testid="chat-first-message" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={start.isPending} data-testid="chat-start">
            {t('chat.start')}
          </Button>
        </Form>
      </Card>
    );
  }
  const data = chat.data;
  const ended = data && !['waiting', 'active'].includes(data.status);
  return (
    <Card
      style={{ maxWidth: 720, margin: '0 auto' }}
      title={data?.subject}
      extra={data && <Tag data-testid="chat-status">{t(`chat.status.${data.status}`)}</Tag>}
    >
      {data?.status === 'waiting' && (
        <Alert type="info" showIcon title={t('chat.waitingForAgent')} style={{ marginBottom: 8 }} />
      )}
      {data?.agent && data.status === 'active' && (
        <Alert
          type="success"
          showIcon
          title={t('chat.agentJoined', { name: data.agent.name })}
          style={{ marginBottom: 8 }}
        />
      )}
      <ChatTranscript messages={data?.messages ?? []} mine="requester" />
      {ended ? (
        <Alert
          type="success"
          showIcon
          data-testid="chat-ended"
          title={
            data?.ticketNumber ? t('chat.endedWithTicket', { number: data.ticketNumber }) : t('chat.ended')
          }
          action={
            <>
              {data?.ticketId && <Link to={`/portal/tickets/${data.ticketId}`}>{t('chat.viewTicket')}</Link>}
              <Button type="link" onClick={() => setChatId(null)}>
                {t('chat.newChat')}
              </Button>
            </>
          }
        />
      ) : (
        <ChatInput onSend={(text) => send.mutate(text)} sending={send.isPending} />
      )}
      <ErrorAlert error={send.error} style={{ marginTop: 8 }} />
    </Card>
  );
}
