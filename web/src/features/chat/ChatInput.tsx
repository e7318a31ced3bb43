import { SendOutlined } from '@ant-design/icons';
import { Button, Flex, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

export function ChatInput({
  onSend,
  sending,
  disabled,
}: {
  onSend: (text: string) => void;
  sending: boolean;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const send = () => {
    if (!text.trim()) return;
    onSend(text.trim());
    setText('');
  };
  return (
    <Flex gap={8}>
      <Input.TextArea
        value={text}
        onChange={(e) => setText(e.target.value)}
        autoSize={{ minRows: 1, maxRows: 4 }}
        placeholder={t('chat.placeholder')}
        disabled={disabled}
        data-testid="chat-input"
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            send();
          }
        }}
      />
      <Button
        type="primary"
        icon={<SendOutlined />}
        onClick={send}
        loading={sending}
        disabled={disabled}
        data-testid="chat-send"
      >
        {t('chat.send')}
      </Button>
    </Flex>
  );
}
