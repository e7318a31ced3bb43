import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAssets } from './api.ts';

type Props = {
  value?: number[];
  onChange?: (ids: number[]) => void;
  /** Names of assets already chosen, so their tags read well before a search finds them. */
  known?: { id: number; name: string }[];
  exclude?: number[];
  mode?: 'multiple';
  id?: string;
  testId?: string;
};

/** Finds assets by name or serial number (GET /assets?q=) and picks one or several. */
export function AssetPicker({
  value,
  onChange,
  known = [],
  exclude = [],
  id,
  testId = 'asset-picker',
}: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [term, setTerm] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setTerm(search.trim()), 250);
    return () => clearTimeout(timer);
  }, [search]);
  const assets = useAssets({ q: term || undefined, page: 1, pageSize: 20 });
  const names = new Map(known.map((a) => [a.id, a.name]));
  for (const asset of assets.data?.items ?? []) names.set(asset.id, asset.name);
  const options = [
    ...(assets.data?.items ?? [])
      .filter((a) => !exclude.includes(a.id))
      .map((a) => ({ value: a.id, label: a.serialNumber ? `${a.name} · ${a.serialNumber}` : a.name })),
    ...known
      .filter((a) => !(assets.data?.items ?? []).some((b) => b.id === a.id))
      .map((a) => ({ value: a.id, label: a.name })),
  ];
  return (
    <Select<number[]>
      id={id}
      mode="multiple"
      value={value}
      onChange={(next) => onChange?.(next)}
      allowClear
      showSearch={{ filterOption: false, onSearch: setSearch }}
      options={options}
      loading={assets.isFetching}
      placeholder={t('assets.picker.placeholder')}
      notFoundContent={assets.isFetching ? t('app.loading') : t('assets.empty')}
      style={{ width: '100%' }}
      data-testid={testId}
    />
  );
}
