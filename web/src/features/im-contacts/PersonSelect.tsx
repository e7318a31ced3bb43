import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUsers } from '../../entities/user/api.ts';

/** Searches people by name or email for a link. */
export function PersonSelect(props: { id?: string; value?: number; onChange?: (value: number) => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const users = useUsers({ q }, q.length > 0);
  return (
    <Select
      id={props.id}
      showSearch
      value={props.value}
      onChange={props.onChange}
      filterOption={false}
      onSearch={setQ}
      placeholder={t('imCallbacks.searchPerson')}
      loading={users.isFetching}
      options={(users.data ?? []).map((u) => ({ value: u.id, label: `${u.name} <${u.email}>` }))}
    />
  );
}
