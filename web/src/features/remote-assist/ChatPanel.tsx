import { SendOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../shared/lib/format.ts';

export type ChatLine = { id: string; mine: boolean; text: string; at: string };

/** The chat beside the shared screen; the lines pass as signals to the other party. */
export function ChatPanel({
  lines,
  onSend,
  disabled,
}: {
  lines: ChatLine[];
  onSend: (text: string) => Promise<void>;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState('');
  const [sending, setSending] = useState(false);
  const send = async () => {
    const text = draft.trim();
    if (!text) return;
    setSending(true);
    try {
      await onSend(text);
      setDraft('');
    } finally {
      setSending(false);
    }
  };
  return (
    <Flex vertical gap={8} data-testid="remote-chat">
      <div
        style={{ minHeight: 120, maxHeight: 260, overflowY: 'auto', border: '1px solid #f0f0f0', padding: 8 }}
      >
        {lines.length === 0 && (
          <Typography.Text type="secondary">{t('remoteAssist.chatEmpty')}</Typography.Text>
        )}
        {lines.map((line) => (
          <div
            key={line.id}
            style={{ textAlign: line.mine ? 'right' : 'left' }}
            data-testid="remote-chat-line"
          >
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {line.mine ? t('remoteAssist.me') : t('remoteAssist.them')} {formatTime(line.at)}
            </Typography.Text>
            <div>{line.text}</div>
          </div>
        ))}
      </div>
      <Flex gap={8}>
        <Input
          value={draft}
          maxLength={2000}
          disabled={disabled}
          placeholder={t('remoteAssist.chatPlaceholder')}
          onChange={(event) => setDraft(event.target.value)}
          onPressEnter={() => void send()}
          data-testid="remote-chat-input"
        />
        <Button
          icon={<SendOutlined />}
          loading={sending}
          disabled={disabled}
          onClick={() => void send()}
          data-testid="remote-chat-send"
        >
          {t('remoteAssist.send')}
        </Button>
      </Flex>
    </Flex>
  );
}
