import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

/** The query parameters of GET /tickets that the queue sets; they live in the address bar and in saved views. */
export const FILTER_KEYS = [
  'status',
  'priority',
  'type',
  'channel',
  'teamId',
  'assigneeId',
  'category',
  'tag',
  'q',
  'requesterId',
  'sort',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type QueueFilters = Partial<Record<FilterKey, string>>;

const isFilterKey = (key: string): key is FilterKey => (FILTER_KEYS as readonly string[]).includes(key);

export function pickFilters(source: Record<string, string>): QueueFilters {
  const filters: QueueFilters = {};
  for (const [key, value] of Object.entries(source)) {
    if (isFilterKey(key) && value) filters[key] = value;
  }
  return filters;
}

export const sameFilters = (a: QueueFilters, b: QueueFilters): boolean => {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => isFilterKey(key) && (a[key] ?? '') === (b[key] ?? ''));
};

/** Comma-separated list parameters (status=new,open) as arrays, and back. */
export const splitList = (value: string | undefined): string[] =>
  value ? value.split(',').filter(Boolean) : [];

export function useQueueFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => pickFilters(Object.fromEntries(params)), [params]);

  const replaceAll = useCallback(
    (next: QueueFilters) => {
      const search = new URLSearchParams();
      for (const key of FILTER_KEYS) {
        const value = next[key];
        if (value) search.set(key, value);
      }
      setParams(search, { replace: true });
    },
    [setParams],
  );

  const setFilter = useCallback(
    (key: FilterKey, value: string | readonly string[] | undefined | null) => {
      const text = Array.isArray(value) ? value.join(',') : typeof value === 'string' ? value : '';
      replaceAll({ ...filters, [key]: text });
    },
    [filters, replaceAll],
  );

  return { filters, setFilter, replaceAll };
}
