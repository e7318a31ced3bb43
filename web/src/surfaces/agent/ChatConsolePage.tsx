import {
  Alert,
  Badge,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  List,
  Modal,
  Popconfirm,
  Row,
  Space,
  Statistic,
  Tag,
  Tooltip,
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
import { RequesterPicker } from '../../features/requester-picker/RequesterPicker.tsx';
import { formatRelative } from '../../shared/lib/format.ts';
import { ErrorAlert } from '../../shared/ui/ErrorAlert.tsx';

/** Shown wherever an agent sees a chat whose visitor has not proved their email. */
function UnverifiedTag() {
  const { t } = useTranslation();
  return (
    <Tooltip title={t('guard.unverifiedHint')}>
      <Tag color="orange" data-testid="chat-unverified">
        {t('guard.unverified')}
      </Tag>
    </Tooltip>
  );
}

function ChatPanel({ chatId }: { chatId: number }) {
  const { t } = useTranslation();
  const chat = useChat(chatId);
  const send = useSendChatMessage(chatId);
  const action = useChatAction(chatId);
  const [closing, setClosing] = useState<'convert' | 'resolve' | null>(null);
  const data = chat.data;
  if (!data) return <Card loading />;
  const open = data.status === 'waiting' || data.status === 'active';
  const closeButton = (kind: 'convert' | 'resolve') => {
    const button = (
      <Button
        type={kind === 'convert' ? 'primary' : 'default'}
        loading={action.isPending}
        data-testid={`chat-${kind}`}
        onClick={data.verified ? undefined : () => setClosing(kind)}
      >
        {t(`chat.${kind}`)}
      </Button>
    );
    // A verified chat's ticket is its requester's: a confirmation is enough.
    return data.verified ? (
      <Popconfirm
        title={t(kind === 'convert' ? 'chat.convertConfirm' : 'chat.resolveConfirm')}
        onConfirm={() => action.mutate({ action: kind })}
      >
        {button}
      </Popconfirm>
    ) : (
      button
    );
  };
  return (
    <Card
      title={
        <Space>
          {data.subject}
          <Tag>{t(`chat.status.${data.status}`)}</Tag>
          {!data.verified && <UnverifiedTag />}
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
              <Button onClick={() => action.mutate({ action: 'accept' })} data-testid="chat-accept">
                {t('chat.accept')}
              </Button>
            )}
            {closeButton('convert')}
            {closeButton('resolve')}
          </Flex>
          <UnverifiedCloseModal
            kind={closing}
            email={data.requester.email}
            pending={action.isPending}
            error={action.error}
            onCancel={() => {
              action.reset();
              setClosing(null);
            }}
            onConfirm={(requesterId) =>
              closing &&
              action.mutate({ action: closing, requesterId }, { onSuccess: () => setClosing(null) })
            }
          />
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

/**
 * Turning an unverified visitor's chat into a ticket: the ticket never goes to the account
 * that owns the typed email by itself. The agent may choose the requester (having checked who
 * it is); otherwise a new address becomes a new requester contact, and an address that
 * belongs to an account is refused until the visitor enters the code.
 */
function UnverifiedCloseModal(props: {
  kind: 'convert' | 'resolve' | null;
  email: string;
  pending: boolean;
  error: unknown;
  onCancel: () => void;
  onConfirm: (requesterId: number | undefined) => void;
}) {
  const { t } = useTranslation();
  const [requesterId, setRequesterId] = useState<number | undefined>();
  return (
    <Modal
      open={props.kind !== null}
      title={props.kind ? t(`chat.${props.kind}`) : ''}
      onCancel={props.onCancel}
      onOk={() => props.onConfirm(requesterId)}
      okText={props.kind ? t(`chat.${props.kind}`) : undefined}
      cancelText={t('common.cancel')}
      confirmLoading={props.pending}
      afterOpenChange={(open) => open || setRequesterId(undefined)}
      destroyOnHidden
    >
      <Alert
        type="warning"
        showIcon
        title={t('guard.closeUnverified', { email: props.email })}
        style={{ marginBottom: 12 }}
      />
      <ErrorAlert error={props.error} style={{ marginBottom: 12 }} />
      <Typography.Paragraph>{t('guard.chooseRequester')}</Typography.Paragraph>
      <RequesterPicker value={requesterId} onChange={setRequesterId} />
    </Modal>
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
                        {!chat.verified && <UnverifiedTag />}
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
