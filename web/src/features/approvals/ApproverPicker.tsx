import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUsers } from '../../entities/user/api.ts';

/**
 * People to ask, found by name or email on the server as one types (a desk has more people than
 * one page of /users), any role: a manager may be a requester account.
 */
export function ApproverPicker({
  value,
  onChange,
  testId = 'approver-picker',
}: {
  value?: number[];
  onChange?: (ids: number[]) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [term, setTerm] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setTerm(search.trim()), 250);
    return () => clearTimeout(timer);
  }, [search]);
  const users = useUsers({ q: term || undefined });
  const options = (users.data ?? [])
    .filter((user) => user.active)
    .map((user) => ({ value: user.id, label: `${user.name} · ${user.email}` }));
  return (
    <Select<number[]>
      mode="multiple"
      value={value ?? []}
      onChange={(ids) => onChange?.(ids)}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      options={options}
      loading={users.isFetching}
      placeholder={t('approvals.form.approversPlaceholder')}
      data-testid={testId}
    />
  );
}
