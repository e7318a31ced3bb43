import { Empty, Flex, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChatMessageDto } from '../../../../contracts/channels.ts';
import { formatTime } from '../../shared/lib/format.ts';

/** The messages of a chat, newest at the bottom; `mine` says which side is the reader's. */
export function ChatTranscript({
  messages,
  mine,
}: {
  messages: ChatMessageDto[];
  mine: 'staff' | 'requester';
}) {
  const { t } = useTranslation();
  const end = useRef<HTMLDivElement>(null);
  const count = messages.length;
  useEffect(() => {
    if (count > 0) end.current?.scrollIntoView?.({ block: 'end' });
  }, [count]);
  if (messages.length === 0) return <Empty description={t('chat.noMessages')} />;
  return (
    <Flex
      vertical
      gap={8}
      style={{ maxHeight: 420, overflowY: 'auto', padding: 8 }}
      data-testid="chat-transcript"
    >
      {messages.map((m) => {
        const own = (mine === 'staff') === m.fromStaff;
        return (
          <Flex key={m.id} justify={own ? 'flex-end' : 'flex-start'}>
            <div
              data-testid="chat-message"
              style={{
                maxWidth: '75%',
                padding: '6px 10px',
                borderRadius: 8,
                background: own ? '#1677ff' : '#f0f0f0',
                color: own ? '#fff' : undefined,
              }}
            >
              <Typography.Text
                style={{ fontSize: 12, color: own ? 'rgba(255,255,255,0.8)' : 'rgba(0,0,0,0.45)' }}
              >
                {m.authorName} · {formatTime(m.createdAt)}
              </Typography.Text>
              <div style={{ whiteSpace: 'pre-wrap' }}>{m.body}</div>
            </div>
          </Flex>
        );
      })}
      <div ref={end} />
    </Flex>
  );
}
