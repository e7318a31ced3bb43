import { SearchOutlined } from '@ant-design/icons';
import { Input } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

type Props = { value: string | undefined; onSearch: (text: string) => void };

/** Searches as the agent types (after a short pause), or at once on Enter. */
export function QueueSearch({ value, onSearch }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState(value ?? '');
  useEffect(() => setText(value ?? ''), [value]);
  useEffect(() => {
    if (text.trim() === (value ?? '')) return;
    const timer = setTimeout(() => onSearch(text.trim()), 400);
    return () => clearTimeout(timer);
  }, [text, value, onSearch]);

  return (
    <Input
      allowClear
      prefix={<SearchOutlined />}
      placeholder={t('queue.searchPlaceholder')}
      value={text}
      onChange={(event) => setText(event.target.value)}
      onPressEnter={() => onSearch(text.trim())}
      style={{ width: 260 }}
      data-testid="queue-search"
    />
  );
}
