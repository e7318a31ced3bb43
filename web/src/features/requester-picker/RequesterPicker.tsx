import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUsers } from '../../entities/user/api.ts';

type Props = { value?: number; onChange?: (id: number | undefined) => void; id?: string };

/** Finds a requester by name or email (GET /users?role=requester&q=). */
export function RequesterPicker({ value, onChange, id }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [term, setTerm] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setTerm(search.trim()), 250);
    return () => clearTimeout(timer);
  }, [search]);
  const users = useUsers({ role: 'requester', q: term || undefined });
  const options = (users.data ?? [])
    .filter((user) => user.active)
    .map((user) => ({ value: user.id, label: `${user.name} · ${user.email}` }));

  return (
    <Select<number>
      id={id}
      value={value}
      onChange={(next) => onChange?.(next)}
      onClear={() => onChange?.(undefined)}
      allowClear
      showSearch={{ filterOption: false, onSearch: setSearch }}
      options={options}
      loading={users.isFetching}
      placeholder={t('phone.requesterPlaceholder')}
      notFoundContent={users.isFetching ? t('app.loading') : t('phone.noRequester')}
      data-testid="requester-picker"
    />
  );
}
