import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TicketSummaryDto } from '../../../../contracts/tickets.ts';
import { api, pageOf } from '../../shared/api/client.ts';
import { formatTicketNumber } from '../../shared/lib/format.ts';

type Props = { value?: number; onChange: (id: number | undefined) => void; excludeId?: number };

/** Finds a ticket by number or words of its subject; the value is the ticket's id. */
export function TicketPicker({ value, onChange, excludeId }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [term, setTerm] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setTerm(search.trim().replace(/^#/, '')), 300);
    return () => clearTimeout(timer);
  }, [search]);

  const found = useQuery({
    queryKey: ['tickets', 'picker', term],
    queryFn: ({ signal }) =>
      api.get(pageOf(TicketSummaryDto), '/tickets', { q: term, limit: 10, sort: 'updated_desc' }, signal),
    enabled: term.length > 0,
  });
  const options = (found.data?.items ?? [])
    .filter((ticket) => ticket.id !== excludeId)
    .map((ticket) => ({ value: ticket.id, label: `${formatTicketNumber(ticket.number)} ${ticket.subject}` }));

  return (
    <Select<number>
      value={value}
      onChange={(id) => onChange(id)}
      onClear={() => onChange(undefined)}
      allowClear
      showSearch={{ filterOption: false, onSearch: setSearch }}
      options={options}
      loading={found.isFetching}
      placeholder={t('links.targetPlaceholder')}
      notFoundContent={term ? t('links.noMatch') : t('links.typeToSearch')}
      style={{ width: '100%' }}
      data-testid="link-target"
    />
  );
}
