import { LockOutlined, PaperClipOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Empty, Flex, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageDto } from '../../../../contracts/tickets.ts';
import { attachmentUrl } from '../../entities/ticket/api.ts';
import { formatDateTime, formatFileSize } from '../../shared/lib/format.ts';

const isRole = (value: string | null): value is 'requester' | 'agent' | 'lead' | 'quality' | 'admin' =>
  value === 'requester' || value === 'agent' || value === 'lead' || value === 'quality' || value === 'admin';

function MessageItem({ message, extra }: { message: MessageDto; extra?: ReactNode }) {
  const { t } = useTranslation();
  const internal = message.internal;
  return (
    <div
      data-testid="message-item"
      data-internal={internal ? 'true' : 'false'}
      style={{
        padding: 12,
        borderRadius: 8,
        border: `1px solid ${internal ? '#ffe58f' : '#f0f0f0'}`,
        background: internal ? '#fffbe6' : '#fff',
      }}
    >
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
        <Space size={8}>
          <Avatar size="small" icon={<UserOutlined />} />
          <Typography.Text strong>{message.author?.name ?? t('message.system')}</Typography.Text>
          {isRole(message.authorRole) && (
            <Typography.Text type="secondary">{t(`role.${message.authorRole}`)}</Typography.Text>
          )}
          {internal && (
            <Tag color="gold" icon={<LockOutlined />} data-testid="internal-label">
              {t('message.internalLabel')}
            </Tag>
          )}
          <Typography.Text type="secondary">{t(`channel.${message.channel}`)}</Typography.Text>
          {extra}
        </Space>
        <Typography.Text type="secondary">{formatDateTime(message.createdAt)}</Typography.Text>
      </Flex>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }} data-testid="message-body">
        {message.body}
      </Typography.Paragraph>
      {message.attachments.length > 0 && (
        <Space wrap style={{ marginTop: 8 }}>
          {message.attachments.map((attachment) => (
            <a
              key={attachment.id}
              href={attachmentUrl(attachment.ticketId, attachment.id)}
              download={attachment.filename}
            >
              <PaperClipOutlined /> {attachment.filename} ({formatFileSize(attachment.size)})
            </a>
          ))}
        </Space>
      )}
    </div>
  );
}

type Props = {
  messages: readonly MessageDto[];
  loading?: boolean;
  /** Something to show in a message's header (the agent page's "original message" button). */
  messageExtra?: (message: MessageDto) => ReactNode;
};

/** The conversation, oldest first; internal notes stand out so they are never mistaken for replies. */
export function MessageList({ messages, loading, messageExtra }: Props) {
  const { t } = useTranslation();
  const sorted = [...messages].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id);
  return (
    <Flex vertical gap={12} data-testid="message-list">
      {sorted.length === 0 && !loading ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('message.empty')} />
      ) : (
        sorted.map((message) => (
          <MessageItem key={message.id} message={message} extra={messageExtra?.(message)} />
        ))
      )}
    </Flex>
  );
}
