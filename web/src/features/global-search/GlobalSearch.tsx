import { SearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { AutoComplete, Input, type InputRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { UserDto } from '../../../../contracts/identity.ts';
import { SearchResult } from '../../../../contracts/search.ts';
import { TicketSummaryDto } from '../../../../contracts/tickets.ts';
import { api, itemsOf, pageOf } from '../../shared/api/client.ts';
import { formatTicketNumber } from '../../shared/lib/format.ts';

function useDebounced(value: string, ms: number): string {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** Whether a key press was meant for a field being typed in (then shortcuts stay out of the way). */
export function typingIn(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  if (!element) return false;
  return element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName);
}

/**
 * The staff's search box: tickets by number ("#10023", "10023") or by words, people, and
 * knowledge articles, in one list. Ctrl+K (⌘K) or "/" anywhere puts the cursor in it.
 */
export function GlobalSearch({ width = 360 }: { width?: number }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const input = useRef<InputRef>(null);
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 250);
  const enabled = q.length >= 2 || /^#?\d+$/.test(q);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const ctrlK = (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k';
      if (ctrlK || (event.key === '/' && !typingIn(event.target))) {
        event.preventDefault();
        input.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const tickets = useQuery({
    enabled,
    queryKey: ['global-search', 'tickets', q],
    queryFn: ({ signal }) => api.get(pageOf(TicketSummaryDto), '/tickets', { q, limit: 5 }, signal),
  });
  const knowledge = useQuery({
    enabled: enabled && q.length >= 2,
    queryKey: ['global-search', 'articles', q],
    queryFn: ({ signal }) => api.get(SearchResult, '/search', { q, scope: 'articles', limit: 5 }, signal),
  });
  const people = useQuery({
    enabled: enabled && q.length >= 2,
    queryKey: ['global-search', 'people', q],
    queryFn: ({ signal }) => api.get(itemsOf(UserDto), '/users', { q }, signal),
  });

  const options = enabled
    ? [
        {
          label: t('search.tickets'),
          options: (tickets.data?.items ?? []).map((ticket) => ({
            value: `/agent/tickets/${ticket.id}`,
            label: (
              <span data-testid="search-ticket">
                {formatTicketNumber(ticket.number)} {ticket.subject}
              </span>
            ),
          })),
        },
        {
          label: t('search.people'),
          options: (people.data?.items ?? []).slice(0, 5).map((user) => ({
            value: `/agent?requesterId=${user.id}`,
            label: (
              <span data-testid="search-person">
                {user.name} · {user.email}
              </span>
            ),
          })),
        },
        {
          label: t('search.articles'),
          options: (knowledge.data?.items ?? []).map((article) => ({
            value: `/agent/kb/${article.id}`,
            label: <span data-testid="search-article">{article.title}</span>,
          })),
        },
      ].filter((group) => group.options.length > 0)
    : [];

  return (
    <AutoComplete
      style={{ width }}
      options={options}
      value={text}
      onChange={setText}
      onSelect={(path: string) => {
        setText('');
        // The box stays in the header on every page: let go of the cursor, so that the page
        // opened takes the keys (r, n, j, k on a ticket) instead of the search box.
        input.current?.blur();
        navigate(path);
      }}
      notFoundContent={enabled && !tickets.isFetching ? t('search.none') : undefined}
      data-testid="global-search"
    >
      <Input
        ref={input}
        allowClear
        prefix={<SearchOutlined />}
        placeholder={t('search.placeholder')}
        aria-label={t('search.placeholder')}
        data-testid="global-search-input"
      />
    </AutoComplete>
  );
}
