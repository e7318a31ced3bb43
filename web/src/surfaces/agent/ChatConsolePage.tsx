import {
  Badge,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  List,
  Popconfirm,
  Row,
  Space,
  Statistic,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  useChat,
  useChatAction,
  useChatStats,
  useChats,
  useLiveChats,
  useSendChatMessage,
} from '../../entities/channel/api.ts';
import { ChatInput } from '../../features/chat/ChatInput.tsx';
import { ChatTranscript } from '../../features/chat/ChatTranscript.tsx';
import { formatRelative } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';

function ChatPanel({ chatId }: { chatId: number }) {
  const { t } = useTranslation();
  const chat = useChat(chatId);
  const send = useSendChatMessage(chatId);
  const action = useChatAction(chatId);
  const data = chat.data;
  if (!data) return <Card loading />;
  const open = data.status === 'waiting' || data.status === 'active';
  return (
    <Card
      title={
        <Space>
          {data.subject}
          <Tag>{t(`chat.status.${data.status}`)}</Tag>
        </Space>
      }
      extra={
        <Typography.Text type="secondary">
          {data.requester.name} · {data.requester.email}
        </Typography.Text>
      }
    >
      <ChatTranscript messages={data.messages} mine="staff" />
      <ErrorAlert error={send.error ?? action.error} style={{ marginBlock: 8 }} />
      {open ? (
        <Flex vertical gap={8}>
          <ChatInput onSend={(text) => send.mutate(text)} sending={send.isPending} />
          <Flex gap={8} wrap>
            {data.status === 'waiting' && (
              <Button onClick={() => action.mutate('accept')} data-testid="chat-accept">
                {t('chat.accept')}
              </Button>
            )}
            <Popconfirm title={t('chat.convertConfirm')} onConfirm={() => action.mutate('convert')}>
              <Button type="primary" loading={action.isPending} data-testid="chat-convert">
                {t('chat.convert')}
              </Button>
            </Popconfirm>
            <Popconfirm title={t('chat.resolveConfirm')} onConfirm={() => action.mutate('resolve')}>
              <Button loading={action.isPending} data-testid="chat-resolve">
                {t('chat.resolve')}
              </Button>
            </Popconfirm>
          </Flex>
        </Flex>
      ) : (
        data.ticketId && (
          <Typography.Paragraph data-testid="chat-ticket-link">
            <Link to={`/agent/tickets/${data.ticketId}`}>
              {t('chat.endedWithTicket', { number: data.ticketNumber })}
            </Link>
          </Typography.Paragraph>
        )
      )}
    </Card>
  );
}

/** The agents' chat console: waiting chats first, live; answer, turn into a ticket, or resolve on the spot. */
export default function ChatConsolePage() {
  const { t } = useTranslation();
  useLiveChats();
  const chats = useChats();
  const stats = useChatStats();
  const [selected, setSelected] = useState<number | null>(null);
  const items = chats.data ?? [];
  return (
    <Row gutter={16}>
      <Col xs={24} md={8}>
        <Card title={t('chat.console')} size="small">
          <Flex gap={16} style={{ marginBottom: 12 }}>
            <Statistic title={t('chat.waiting')} value={items.filter((c) => c.status === 'waiting').length} />
            <Statistic title={t('chat.fcr')} value={stats.data?.resolvedAtFirstContact ?? 0} />
            <Statistic title={t('chat.converted')} value={stats.data?.converted ?? 0} />
          </Flex>
          {items.length === 0 ? (
            <Empty description={t('chat.noChats')} />
          ) : (
            <List
              dataSource={items}
              data-testid="chat-list"
              renderItem={(chat) => (
                <List.Item
                  onClick={() => setSelected(chat.id)}
                  style={{
                    cursor: 'pointer',
                    background: selected === chat.id ? '#e6f4ff' : undefined,
                    paddingInline: 8,
                  }}
                  data-testid="chat-list-item"
                >
                  <List.Item.Meta
                    title={
                      <Space>
                        <Badge status={chat.status === 'waiting' ? 'warning' : 'processing'} />
                        {chat.subject}
                      </Space>
                    }
                    description={`${chat.requester.name} · ${formatRelative(chat.createdAt)}${chat.agent ? ` · ${chat.agent.name}` : ''}`}
                  />
                </List.Item>
              )}
            />
          )}
        </Card>
      </Col>
      <Col xs={24} md={16}>
        {selected ? (
          <ChatPanel chatId={selected} />
        ) : (
          <Card>
            <Empty description={t('chat.pick')} />
          </Card>
        )}
      </Col>
    </Row>
  );
}
