import { AutoComplete, Input } from 'antd';
import { useMemo } from 'react';
import { useCategories } from '../../entities/category/api.ts';

type Props = {
  value?: string;
  onChange?: (value: string) => void;
  placeholder?: string;
  testId?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
};

/** A category path: picked from the known ones (matching any part of the path) or typed freely. */
export function CategoryInput({ value, onChange, placeholder, testId, allowClear = true, style }: Props) {
  const categories = useCategories();
  const paths = useMemo(
    () =>
      [...new Set((categories.data ?? []).map((category) => category.path))].sort((a, b) =>
        a.localeCompare(b),
      ),
    [categories.data],
  );
  const needle = (value ?? '').trim().toLowerCase();
  const options = paths
    .filter((path) => !needle || path.toLowerCase().includes(needle))
    .slice(0, 50)
    .map((path) => ({ value: path, label: path }));
  return (
    <AutoComplete
      value={value}
      onChange={(next) => onChange?.(typeof next === 'string' ? next : '')}
      options={options}
      style={style}
    >
      <Input allowClear={allowClear} placeholder={placeholder} data-testid={testId} />
    </AutoComplete>
  );
}
